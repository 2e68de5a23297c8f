import TIBSFuzzHarness

/// libFuzzer's entry point (built only with TIBS_FUZZ set; see Fuzz/README.md): each input goes to
/// the harness function, which never crashes on a refused input, so a crash here is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    fuzzTranscoderBlocking(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}
