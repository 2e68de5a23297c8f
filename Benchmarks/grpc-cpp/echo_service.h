// The gRPC C++ side of RPCBenchmark's Echo/Get: a server on the async completion-queue API.
//
// One server completion queue polled by one thread, like TIBS's one server event loop: the async
// API is the one gRPC's C++ performance notes tune for throughput, and one poller keeps the
// comparison to one core's worth of RPC work per side.
#pragma once

#include <absl/synchronization/mutex.h>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tibs/testing/v1/echo.grpc.pb.h"

namespace bench {

// Debian builds abseil and gRPC without NDEBUG, so every absl::Mutex acquisition feeds a
// deadlock-detection graph (about 5% of the CPU in a profile); a release build has it off.
inline void release_mode_mutexes() { absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore); }

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

class EchoServer {
public:
    // Calls accepted at once without waiting for the poller to re-arm a slot; RPCBenchmark's
    // deepest case has 32 in flight.
    static constexpr int kSlots = 64;

    EchoServer(const std::string& cert_pem, const std::string& key_pem, int port) {
        grpc::SslServerCredentialsOptions tls;
        tls.pem_key_cert_pairs.push_back({key_pem, cert_pem});
        grpc::ServerBuilder builder;
        builder.AddListeningPort("127.0.0.1:" + std::to_string(port), grpc::SslServerCredentials(tls), &port_);
        builder.RegisterService(&service_);
        cq_ = builder.AddCompletionQueue(/*is_frequently_polled=*/true);
        server_ = builder.BuildAndStart();
        if (!server_ || port_ == 0) throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(port));
        for (int i = 0; i < kSlots; i++) slots_.push_back(std::make_unique<Slot>(this));
        for (auto& slot : slots_) slot->arm();
        poller_ = std::thread([this] { poll(); });
    }

    EchoServer(const EchoServer&) = delete;
    EchoServer& operator=(const EchoServer&) = delete;
    ~EchoServer() { shutdown(); }

    int port() const { return port_; }

    // Calls answered so far (written by the poller only).
    uint64_t calls() const { return calls_.load(std::memory_order_relaxed); }

    // Cancels what is running and stops: the server first, then the queue (gRPC's order), then
    // the poller drains the queue. The lock keeps a slot from re-arming once the queue is shut.
    void shutdown() {
        if (!stopping_.exchange(true)) {
            server_->Shutdown(std::chrono::system_clock::now());
            std::lock_guard<std::mutex> lock(arm_mutex_);
            cq_->Shutdown();
        }
        if (poller_.joinable()) poller_.join();
    }

private:
    // One call at a time: armed with RequestGet, answered with Finish, then armed again.
    struct Slot {
        explicit Slot(EchoServer* server) : server(server) {}

        void arm() {
            // A ServerContext serves one call only, so each round gets a fresh one.
            context = std::make_unique<grpc::ServerContext>();
            responder = std::make_unique<grpc::ServerAsyncResponseWriter<tibs::testing::v1::EchoResponse>>(context.get());
            finishing = false;
            server->service_.RequestGet(context.get(), &request, responder.get(), server->cq_.get(), server->cq_.get(), this);
        }

        void proceed(bool ok) {
            if (!finishing) {
                if (!ok) return;  // the server shut down before a call came
                response.set_text(request.text());
                response.set_padding(request.padding());
                finishing = true;
                responder->Finish(response, grpc::Status::OK, this);
                return;
            }
            if (ok) server->calls_.fetch_add(1, std::memory_order_relaxed);
            // A request armed after the server's Shutdown fails at once, which is harmless; one armed
            // after the queue's Shutdown is a crash.
            std::lock_guard<std::mutex> lock(server->arm_mutex_);
            if (server->stopping_.load()) return;
            arm();
        }

        EchoServer* server;
        std::unique_ptr<grpc::ServerContext> context;
        std::unique_ptr<grpc::ServerAsyncResponseWriter<tibs::testing::v1::EchoResponse>> responder;
        tibs::testing::v1::EchoRequest request;
        tibs::testing::v1::EchoResponse response;
        bool finishing = false;
    };

    void poll() {
        void* tag;
        bool ok;
        while (cq_->Next(&tag, &ok)) static_cast<Slot*>(tag)->proceed(ok);
    }

    tibs::testing::v1::Echo::AsyncService service_;
    std::unique_ptr<grpc::ServerCompletionQueue> cq_;
    std::unique_ptr<grpc::Server> server_;  // declared after cq_: destroyed first
    std::vector<std::unique_ptr<Slot>> slots_;
    std::thread poller_;
    std::atomic<bool> stopping_{false};
    std::atomic<uint64_t> calls_{0};
    std::mutex arm_mutex_;  // held to re-arm a slot and to shut the queue
    int port_ = 0;
};

}  // namespace bench
