// echo_server --cert F --key F [--port 0]
//
// Serves tibs.testing.v1.Echo/Get over TLS on 127.0.0.1 until SIGTERM, SIGINT or EOF on stdin
// (the benchmark driver stops it by closing stdin). Prints `port N` once listening and, on exit,
// `server_cpu_us=N server_calls=N`: the process's CPU time (user + sys) and the calls it answered.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

#include "echo_service.h"

namespace {

std::mutex stop_mutex;
std::condition_variable stop_signal;
const char* stop_reason = nullptr;

void stop(const char* reason) {
    std::lock_guard<std::mutex> lock(stop_mutex);
    if (!stop_reason) stop_reason = reason;
    stop_signal.notify_all();
}

[[noreturn]] void usage(const char* message) {
    std::fprintf(stderr, "echo_server: %s\nusage: echo_server --cert FILE --key FILE [--port N]\n", message);
    std::exit(2);
}

long long cpu_us() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000LL + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

}  // namespace

int main(int argc, char** argv) {
    // Before gRPC starts any thread, so that every thread inherits the mask and only the sigwait
    // thread below ever takes these signals.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    bench::release_mode_mutexes();

    std::string cert, key;
    int port = 0;
    for (int i = 1; i < argc; i++) {
        std::string arg = argv[i];
        if (i + 1 >= argc) usage(("missing value for " + arg).c_str());
        if (arg == "--cert") cert = argv[++i];
        else if (arg == "--key") key = argv[++i];
        else if (arg == "--port") port = std::atoi(argv[++i]);
        else usage(("unknown option " + arg).c_str());
    }
    if (cert.empty() || key.empty()) usage("--cert and --key are required");

    std::thread([signals] {
        int number = 0;
        sigwait(&signals, &number);
        stop(number == SIGTERM ? "SIGTERM" : "SIGINT");
    }).detach();

    try {
        bench::EchoServer server(bench::read_file(cert), bench::read_file(key), port);
        std::printf("port %d\n", server.port());
        std::fflush(stdout);

        std::thread([] {
            char buffer[256];
            while (read(STDIN_FILENO, buffer, sizeof buffer) > 0) {}
            stop("stdin closed");
        }).detach();

        {
            std::unique_lock<std::mutex> lock(stop_mutex);
            stop_signal.wait(lock, [] { return stop_reason != nullptr; });
        }
        server.shutdown();
        std::fprintf(stderr, "echo_server: stopped (%s)\n", stop_reason);
        std::printf("server_cpu_us=%lld server_calls=%llu\n", cpu_us(), static_cast<unsigned long long>(server.calls()));
        std::fflush(stdout);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "echo_server: %s\n", error.what());
        return 1;
    }
    return 0;
}
