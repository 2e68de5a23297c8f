import Histogram
import NIOCore

/// What one case measured: every call that both started after the warm-up and finished before
/// the window closed, with its latency in nanoseconds.
struct LoadResult: Sendable {
    let inFlight: Int
    let seconds: Double
    let latencies: Histogram<UInt64>

    var calls: UInt64 { latencies.totalCount }
    var callsPerSecond: Double { Double(calls) / seconds }
    var p50Micros: Double { Double(latencies.valueAtPercentile(50)) / 1000 }
    var p99Micros: Double { Double(latencies.valueAtPercentile(99)) / 1000 }
}

/// The measurement window of one case, as monotonic nanoseconds (`NIODeadline` uptime), shared by
/// the task-driven cases and the event-loop-driven echo floor so all three count the same way.
struct Window: Sendable {
    let measureFrom: UInt64
    let measureUntil: UInt64

    init(warmupSeconds: Double, seconds: Double) {
        let now = Window.now()
        measureFrom = now + UInt64(warmupSeconds * 1e9)
        measureUntil = measureFrom + UInt64(seconds * 1e9)
    }

    static func now() -> UInt64 { NIODeadline.now().uptimeNanoseconds }

    /// Calls straddling either edge are left out of both the count and the latencies: at most one
    /// per in-flight slot per edge, negligible against the hundreds of thousands inside.
    func counts(start: UInt64, end: UInt64) -> Bool { start >= measureFrom && end <= measureUntil }
    func isOver(_ time: UInt64) -> Bool { time >= measureUntil }
}

/// Nanosecond latencies from 1 ns to 60 s at 3 significant digits (HdrHistogram's usual precision).
func makeLatencyHistogram() -> Histogram<UInt64> {
    Histogram(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
}

/// Runs `inFlight` tasks, each making one call after another (closed loop: a task sends its next
/// call only once the previous one answered), through the warm-up and the measured window.
///
/// This is how an application drives an async RPC client, so the TIBS-RPC and grpc-swift cases
/// include the cost of task scheduling and client-side continuation hops, as real callers pay it.
func driveClosedLoop(
    inFlight: Int, warmupSeconds: Double, seconds: Double,
    call: @escaping @Sendable () async throws -> Void
) async throws -> LoadResult {
    let window = Window(warmupSeconds: warmupSeconds, seconds: seconds)
    let merged = try await withThrowingTaskGroup(of: Histogram<UInt64>.self) { group in
        for _ in 0..<inFlight {
            group.addTask {
                var latencies = makeLatencyHistogram()
                while true {
                    let start = Window.now()
                    if window.isOver(start) { break }
                    try await call()
                    let end = Window.now()
                    if window.counts(start: start, end: end) { _ = latencies.record(end - start) }
                }
                return latencies
            }
        }
        var merged = makeLatencyHistogram()
        for try await latencies in group { merged.add(latencies) }
        return merged
    }
    return LoadResult(inFlight: inFlight, seconds: seconds, latencies: merged)
}

/// Runs the closed loop at each level of the plan in turn, logging progress to stderr.
func driveLevels(_ stack: String, _ plan: Plan, call: @escaping @Sendable () async throws -> Void) async throws -> [LoadResult] {
    var results: [LoadResult] = []
    for inFlight in plan.inFlight {
        let result = try await driveClosedLoop(inFlight: inFlight, warmupSeconds: plan.warmupSeconds, seconds: plan.seconds, call: call)
        log("  \(stack), \(inFlight) in flight: \(Int(result.callsPerSecond)) calls/s")
        results.append(result)
    }
    return results
}
