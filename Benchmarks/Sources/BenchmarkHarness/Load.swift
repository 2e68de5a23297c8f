import Foundation
import Histogram

/// What one case measured: calls that started after the warm-up and ended inside the window.
public struct CaseResult: Sendable {
    public let name: String
    public let callers: Int
    public let seconds: Double
    public let latencies: Histogram<UInt64>

    public init(name: String, callers: Int, seconds: Double, latencies: Histogram<UInt64>) {
        self.name = name
        self.callers = callers
        self.seconds = seconds
        self.latencies = latencies
    }

    public var calls: UInt64 { latencies.totalCount }
    public var callsPerSecond: Double { Double(calls) / seconds }
    public var p50Micros: Double { Double(latencies.valueAtPercentile(50)) / 1000 }
    public var p99Micros: Double { Double(latencies.valueAtPercentile(99)) / 1000 }
}

public func nanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

public func makeHistogram() -> Histogram<UInt64> {
    Histogram(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
}

/// `callers` tasks, each calling again as soon as its previous call answered (closed loop),
/// through `warmup` seconds and then `seconds` measured seconds.
public func closedLoop(_ name: String, callers: Int, warmup: Double, seconds: Double,
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

/// One line of a results table: the first cell left-aligned in 44 columns, the others
/// right-aligned in 8, 10, 10, 10 and 10.
public func tableRow(_ cells: [String]) -> String {
    zip(cells, [44, 8, 10, 10, 10, 10]).map { cell, width in
        cell.count >= width ? cell : (width == 44 ? cell + String(repeating: " ", count: width - cell.count)
                                                  : String(repeating: " ", count: width - cell.count) + cell)
    }.joined()
}
