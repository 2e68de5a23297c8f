import Histogram
import NIOCore

/// What one case measured: every call that both started after the warm-up and finished before
/// the window closed (its latency, from a histogram, or from a peer binary's own report), and the
/// CPU the window cost.
struct LoadResult: Sendable {
    let inFlight: Int
    let seconds: Double
    let calls: UInt64
    let p50Micros: Double
    let p99Micros: Double
    var cpu: CPUCost?

    init(inFlight: Int, seconds: Double, latencies: Histogram<UInt64>) {
        self.init(inFlight: inFlight, seconds: seconds, calls: latencies.totalCount,
                  p50Micros: Double(latencies.valueAtPercentile(50)) / 1000, p99Micros: Double(latencies.valueAtPercentile(99)) / 1000)
    }

    init(inFlight: Int, seconds: Double, calls: UInt64, p50Micros: Double, p99Micros: Double, cpu: CPUCost? = nil) {
        self.inFlight = inFlight
        self.seconds = seconds
        self.calls = calls
        self.p50Micros = p50Micros
        self.p99Micros = p99Micros
        self.cpu = cpu
    }

    var callsPerSecond: Double { Double(calls) / seconds }
    /// CPU per call, client and server together (µs).
    var cpuMicrosPerCall: Double? { cpu.map { calls > 0 ? Double($0.totalMicros) / Double(calls) : 0 } }
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

/// Exactly `calls` calls (rounded down to a multiple of `inFlight`) from `inFlight` tasks, each
/// making its share one after another; the time is whatever they took.
func driveCounted(calls: Int, inFlight: Int, call: @escaping @Sendable () async throws -> Void) async throws -> LoadResult {
    let started = Window.now()
    let merged = try await withThrowingTaskGroup(of: Histogram<UInt64>.self) { group in
        for _ in 0..<inFlight {
            group.addTask {
                var latencies = makeLatencyHistogram()
                for _ in 0..<(calls / inFlight) {
                    let start = Window.now()
                    try await call()
                    _ = latencies.record(Window.now() - start)
                }
                return latencies
            }
        }
        var merged = makeLatencyHistogram()
        for try await latencies in group { merged.add(latencies) }
        return merged
    }
    return LoadResult(inFlight: inFlight, seconds: Double(Window.now() - started) / 1e9, latencies: merged)
}

/// Runs the closed loop at each level of the plan in turn, logging progress to stderr.
func driveLevels(_ stack: String, _ plan: Plan, meter: CPUMeter,
                 call: @escaping @Sendable () async throws -> Void) async throws -> [LoadResult] {
    var results: [LoadResult] = []
    for inFlight in plan.inFlight {
        async let cpu = meter.measure(warmup: plan.warmupSeconds, seconds: plan.seconds)
        var result: LoadResult
        if let calls = plan.calls {
            result = try await driveCounted(calls: calls, inFlight: inFlight, call: call)
        } else {
            result = try await driveClosedLoop(inFlight: inFlight, warmupSeconds: plan.warmupSeconds, seconds: plan.seconds, call: call)
            result.cpu = await cpu
        }
        log("  \(stack), \(inFlight) in flight: \(Int(result.callsPerSecond)) calls/s")
        results.append(result)
    }
    return results
}
