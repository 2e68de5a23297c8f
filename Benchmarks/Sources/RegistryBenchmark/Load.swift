import Foundation
import Histogram

/// What one case measured: calls that started after the warm-up and ended inside the window.
struct CaseResult: Sendable {
    let name: String
    let callers: Int
    let seconds: Double
    let latencies: Histogram<UInt64>

    var calls: UInt64 { latencies.totalCount }
    var callsPerSecond: Double { Double(calls) / seconds }
    var p50Micros: Double { Double(latencies.valueAtPercentile(50)) / 1000 }
    var p99Micros: Double { Double(latencies.valueAtPercentile(99)) / 1000 }
}

func nanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func makeHistogram() -> Histogram<UInt64> {
    Histogram(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
}

/// `callers` tasks, each calling again as soon as its previous call answered (closed loop),
/// through `warmup` seconds and then `seconds` measured seconds.
func closedLoop(_ name: String, callers: Int, warmup: Double, seconds: Double,
                call: @escaping @Sendable (Int) async throws -> Void) async throws -> CaseResult {
    let from = nanos() + UInt64(warmup * 1e9)
    let until = from + UInt64(seconds * 1e9)
    let merged = try await withThrowingTaskGroup(of: Histogram<UInt64>.self) { group in
        for caller in 0..<callers {
            group.addTask {
                var latencies = makeHistogram()
                var index = 0
                while true {
                    let start = nanos()
                    if start >= until { break }
                    try await call(caller * 1_000_000 + index)
                    index += 1
                    let end = nanos()
                    if start >= from && end <= until { _ = latencies.record(end - start) }
                }
                return latencies
            }
        }
        var merged = makeHistogram()
        for try await latencies in group { merged.add(latencies) }
        return merged
    }
    return CaseResult(name: name, callers: callers, seconds: seconds, latencies: merged)
}
