// SwiftPM links an executable's `main` to `<Target>_main` (the entry point of its main.swift),
// which a libFuzzer target, built with -parse-as-library, does not have: libFuzzer's own main is
// not the one linked. Each target's entry point here runs libFuzzer's driver on the target's
// LLVMFuzzerTestOneInput instead, so `-sanitize=fuzzer` passed with -Xswiftc works.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int FuzzConnection_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
int FuzzRequests_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
int FuzzCSVRows_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
int FuzzTranscoder_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
