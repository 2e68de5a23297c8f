/// The cumulative funnel: a match counts in every state it reached, so `proposed` counts every
/// match, `introduced` every match that was ever introduced (also when it was declined later).
public struct FunnelCounts: Sendable, Hashable {
    public private(set) var counts: [MatchState: Int] = [:]

    public init() {}

    public subscript(state: MatchState) -> Int { counts[state] ?? 0 }

    public mutating func add(reached: Set<MatchState>) {
        for state in reached { counts[state, default: 0] += 1 }
    }
}
