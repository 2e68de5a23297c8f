import Metrics
import NIOCore
import Synchronization
import NIOConcurrencyHelpers

/// What a server reports through swift-metrics (exported by the service kit as Prometheus text):
/// calls by method and status code, call duration by method (a histogram: the Prometheus
/// factory makes each `Timer` one), open connections and open calls.
/// Metric objects are made once per method and code and kept, so recording costs a lock and a
/// dictionary lookup, not a factory call.
final class ServerMetrics: Sendable {
    private let counters = NIOLockedValueBox<[String: Counter]>([:])
    private let timers = NIOLockedValueBox<[String: Metrics.Timer]>([:])
    let connections = Gauge(label: "tibs_rpc_server_connections")
    /// Calls opened and not yet closed, over every connection of the server.
    private let openCalls = Atomic<Int>(0)
    private let openCallsGauge = Gauge(label: "tibs_rpc_server_open_calls")

    /// A call was opened (its Open frame accepted); ``callsEnded(_:)`` or ``record(method:code:since:)`` ends it.
    func callStarted() {
        openCallsGauge.record(openCalls.wrappingAdd(1, ordering: .relaxed).newValue)
    }

    /// `count` calls went away without a Close (their connection was torn down).
    func callsEnded(_ count: Int) {
        guard count > 0 else { return }
        openCallsGauge.record(openCalls.wrappingSubtract(count, ordering: .relaxed).newValue)
    }

    func record(method: String, code: StatusCode, since start: NIODeadline) {
        let nanoseconds = (NIODeadline.now() - start).nanoseconds
        let key = method + "|" + code.description
        let counter = counters.withLockedValue { counters in
            if let counter = counters[key] { return counter }
            let made = Counter(label: "tibs_rpc_server_calls_total", dimensions: [("method", method), ("code", code.description)])
            counters[key] = made
            return made
        }
        counter.increment()
        let timer = timers.withLockedValue { timers in
            if let timer = timers[method] { return timer }
            let made = Metrics.Timer(label: "tibs_rpc_server_call_duration_seconds", dimensions: [("method", method)], preferredDisplayUnit: .seconds)
            timers[method] = made
            return made
        }
        timer.recordNanoseconds(nanoseconds)
        callsEnded(1)
    }
}
