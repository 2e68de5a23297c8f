import Metrics
import NIOCore
import Synchronization

/// What a server reports through swift-metrics (exported by the service kit as Prometheus text):
/// calls by method and status code, call duration by method, open connections.
/// Metric objects are made once per method and code and kept, so recording costs a lock and a
/// dictionary lookup, not a factory call.
final class ServerMetrics: Sendable {
    private let counters = Mutex<[String: Counter]>([:])
    private let timers = Mutex<[String: Metrics.Timer]>([:])
    let connections = Gauge(label: "tibs_rpc_server_connections")

    func record(method: String, code: StatusCode, since start: NIODeadline) {
        let nanoseconds = (NIODeadline.now() - start).nanoseconds
        let key = method + "|" + code.description
        let counter = counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let made = Counter(label: "tibs_rpc_server_calls_total", dimensions: [("method", method), ("code", code.description)])
            counters[key] = made
            return made
        }
        counter.increment()
        let timer = timers.withLock { timers in
            if let timer = timers[method] { return timer }
            let made = Metrics.Timer(label: "tibs_rpc_server_call_duration_seconds", dimensions: [("method", method)], preferredDisplayUnit: .seconds)
            timers[method] = made
            return made
        }
        timer.recordNanoseconds(nanoseconds)
    }
}
