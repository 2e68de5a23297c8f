import TIBSDomain

/// The summed counts of one group over a period and its previous period: per barrier code, and
/// under "" the surveys. What the counts table answers and a report is built from.
public struct BarrierSums: Sendable, Hashable {
    public var current: [String: Int] = [:]
    public var previous: [String: Int] = [:]

    public init(current: [String: Int] = [:], previous: [String: Int] = [:]) {
        self.current = current
        self.previous = previous
    }

    public var surveys: Int { current["", default: 0] }
    public var previousSurveys: Int { previous["", default: 0] }

    /// Adds another group's sums (regions that do not overlap).
    public mutating func add(_ other: BarrierSums) {
        current.merge(other.current, uniquingKeysWith: +)
        previous.merge(other.previous, uniquingKeysWith: +)
    }

    /// One ``BarrierCount`` per barrier named in either period (only those in `only` when given),
    /// labelled from the survey code list, ranked, the first `top`.
    public func counts(codes: SurveyCodes, only: Set<String>? = nil, top: Int) -> [BarrierCount] {
        let barriers = Set(current.keys).union(previous.keys).subtracting([""]).filter { only?.contains($0) ?? true }
        return barriers.map { code in
            let now = current[code, default: 0], before = previous[code, default: 0]
            return BarrierCount(barrier: code, label: codes.code(code, of: .barrier)?.label ?? code, surveys: now,
                                share: Self.share(now, of: surveys), previousSurveys: before, previousShare: Self.share(before, of: previousSurveys))
        }.ranked(top: top)
    }

    static func share(_ count: Int, of total: Int) -> Double { total == 0 ? 0 : Double(count) / Double(total) }
}
