// echo_client --target 127.0.0.1:PORT | --in-process CERT,KEY
//             --ca F [--server-name localhost] [--token T] [--in-flight N] [--seconds S] [--warmup W]
//
// RPCBenchmark's closed loop in gRPC C++: N Echo/Get calls of the same 300-byte request always
// outstanding on one channel (one connection), each answer starting the next call, everything on
// one completion-queue thread (the main thread), like TIBS's one client event loop. Prints one line:
//   stack=grpc-c++ layout=... in_flight=N calls_per_s=... p50_us=... p99_us=... calls=...
//   failures=... cpu_us_per_call=...
// A call counts when it starts after the warm-up and finishes inside the measured window, as in
// RPCBenchmark. CPU is this process's (user + sys) over the window: client and server in process,
// the client alone across processes.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "echo_service.h"

namespace {

using Clock = std::chrono::steady_clock;
using tibs::testing::v1::EchoRequest;
using tibs::testing::v1::EchoResponse;

constexpr size_t kMessageSize = 300;

struct Options {
    std::string target;
    std::string ca;
    std::string server_name = "localhost";
    std::string token = "benchmark-token";
    std::string in_process_cert, in_process_key;
    int in_flight = 1;
    double seconds = 5;
    double warmup = 1;
};

[[noreturn]] void usage(const std::string& message) {
    std::fprintf(stderr,
                 "echo_client: %s\n"
                 "usage: echo_client (--target HOST:PORT | --in-process CERT,KEY) --ca FILE [--server-name NAME]\n"
                 "                   [--token T] [--in-flight N] [--seconds S] [--warmup W]\n",
                 message.c_str());
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; i++) {
        std::string arg = argv[i];
        if (i + 1 >= argc) usage("missing value for " + arg);
        std::string value = argv[++i];
        if (arg == "--target") options.target = value;
        else if (arg == "--ca") options.ca = value;
        else if (arg == "--server-name") options.server_name = value;
        else if (arg == "--token") options.token = value;
        else if (arg == "--in-flight") options.in_flight = std::atoi(value.c_str());
        else if (arg == "--seconds") options.seconds = std::atof(value.c_str());
        else if (arg == "--warmup") options.warmup = std::atof(value.c_str());
        else if (arg == "--in-process") {
            auto comma = value.find(',');
            if (comma == std::string::npos) usage("--in-process takes CERT,KEY");
            options.in_process_cert = value.substr(0, comma);
            options.in_process_key = value.substr(comma + 1);
        } else usage("unknown option " + arg);
    }
    if (options.ca.empty()) usage("--ca is required");
    if (options.target.empty() == options.in_process_cert.empty()) usage("give exactly one of --target and --in-process");
    if (options.in_flight < 1 || options.seconds <= 0 || options.warmup < 0) usage("bad --in-flight, --seconds or --warmup");
    return options;
}

double cpu_us() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

// RPCBenchmark's request: text plus padding, exactly 300 bytes serialized.
EchoRequest make_request() {
    EchoRequest request;
    request.set_text("tibs-rpc benchmark");
    // text: tag + length + bytes; padding: tag + 2-byte length (>127) + bytes.
    request.set_padding(std::string(kMessageSize - (2 + request.text().size()) - 3, '\x5A'));
    if (request.ByteSizeLong() != kMessageSize) {
        std::fprintf(stderr, "echo_client: request is %zu bytes, not %zu\n", request.ByteSizeLong(), kMessageSize);
        std::exit(1);
    }
    return request;
}

// One outstanding call; a ClientContext serves one call only, so each call gets a fresh one.
struct Slot {
    std::unique_ptr<grpc::ClientContext> context;
    std::unique_ptr<grpc::ClientAsyncResponseReader<EchoResponse>> reader;
    EchoResponse response;
    grpc::Status status;
    Clock::time_point started;
};

double percentile(const std::vector<int64_t>& sorted_ns, double p) {
    if (sorted_ns.empty()) return 0;
    size_t rank = static_cast<size_t>(p * static_cast<double>(sorted_ns.size()));
    return static_cast<double>(sorted_ns[std::min(rank, sorted_ns.size() - 1)]) / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
    bench::release_mode_mutexes();
    Options options = parse(argc, argv);
    const EchoRequest request = make_request();
    const std::string bearer = "Bearer " + options.token;

    std::optional<bench::EchoServer> server;
    try {
        if (!options.in_process_cert.empty()) {
            server.emplace(bench::read_file(options.in_process_cert), bench::read_file(options.in_process_key), 0);
            options.target = "127.0.0.1:" + std::to_string(server->port());
        }
        grpc::SslCredentialsOptions tls;
        tls.pem_root_certs = bench::read_file(options.ca);
        grpc::ChannelArguments arguments;
        arguments.SetSslTargetNameOverride(options.server_name);
        auto channel = grpc::CreateCustomChannel(options.target, grpc::SslCredentials(tls), arguments);
        if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
            std::fprintf(stderr, "echo_client: cannot connect to %s\n", options.target.c_str());
            return 1;
        }
        auto stub = tibs::testing::v1::Echo::NewStub(channel);
        grpc::CompletionQueue cq;

        std::vector<Slot> slots(static_cast<size_t>(options.in_flight));
        int outstanding = 0;
        auto start_call = [&](Slot& slot) {
            slot.context = std::make_unique<grpc::ClientContext>();
            slot.context->AddMetadata("authorization", bearer);
            slot.started = Clock::now();
            slot.reader = stub->AsyncGet(slot.context.get(), request, &cq);
            slot.reader->Finish(&slot.response, &slot.status, &slot);
            outstanding++;
        };

        std::vector<int64_t> latencies_ns;
        latencies_ns.reserve(1 << 20);
        uint64_t failures = 0;
        bool reported_failure = false;
        const auto begin = Clock::now();
        const auto warm_end = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.warmup));
        const auto planned_end = warm_end + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
        // The window's edges are when the CPU snapshots were taken (at the first event or timeout
        // past each planned edge), so calls, CPU and elapsed time cover the same span.
        std::optional<Clock::time_point> window_start, window_end;
        double cpu_start = 0, cpu_end = 0;
        auto check_edges = [&](Clock::time_point now) {
            if (!window_start && now >= warm_end) { cpu_start = cpu_us(); window_start = now; }
            if (window_start && !window_end && now >= planned_end) { cpu_end = cpu_us(); window_end = now; }
        };

        for (auto& slot : slots) start_call(slot);
        while (outstanding > 0) {
            void* tag = nullptr;
            bool ok = false;
            auto deadline = !window_start ? warm_end : !window_end ? planned_end : planned_end + std::chrono::seconds(30);
            auto status = cq.AsyncNext(&tag, &ok, std::chrono::system_clock::now() + (deadline - Clock::now()));
            if (status == grpc::CompletionQueue::SHUTDOWN) break;
            auto now = Clock::now();
            check_edges(now);
            if (status == grpc::CompletionQueue::TIMEOUT) {
                if (window_end && now >= planned_end + std::chrono::seconds(30)) {
                    std::fprintf(stderr, "echo_client: %d calls still outstanding 30 s after the end\n", outstanding);
                    return 1;
                }
                continue;
            }
            outstanding--;
            Slot& slot = *static_cast<Slot*>(tag);
            bool good = ok && slot.status.ok() && slot.response.text() == request.text() &&
                        slot.response.padding() == request.padding();
            if (!good && !reported_failure) {
                reported_failure = true;
                std::fprintf(stderr, "echo_client: call failed: %s\n",
                             slot.status.ok() ? "answer differs from the request" : slot.status.error_message().c_str());
            }
            if (window_start && slot.started >= *window_start && !window_end) {
                if (good) latencies_ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(now - slot.started).count());
                else failures++;
            }
            if (!window_end) start_call(slot);
        }
        cq.Shutdown();
        void* tag;
        bool ok;
        while (cq.Next(&tag, &ok)) {}

        if (!window_start || !window_end) {
            std::fprintf(stderr, "echo_client: the run ended before its measured window did\n");
            return 1;
        }
        double window_s = std::chrono::duration<double>(*window_end - *window_start).count();
        std::sort(latencies_ns.begin(), latencies_ns.end());
        size_t calls = latencies_ns.size();
        std::printf("stack=grpc-c++ layout=%s in_flight=%d calls_per_s=%.0f p50_us=%.1f p99_us=%.1f calls=%zu "
                    "failures=%llu cpu_us_per_call=%.2f\n",
                    server ? "in-process" : "cross-process", options.in_flight, static_cast<double>(calls) / window_s,
                    percentile(latencies_ns, 0.50), percentile(latencies_ns, 0.99), calls,
                    static_cast<unsigned long long>(failures), calls ? (cpu_end - cpu_start) / static_cast<double>(calls) : 0.0);
        std::fflush(stdout);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "echo_client: %s\n", error.what());
        return 1;
    }
    if (server) server->shutdown();
    return 0;
}
