/// The refusal of an illegal step, as the caller reads it: both states and what may follow.
public enum MatchWalk {
    /// nil when one step may go from `from` to `to`; else why not.
    public static func check(from: MatchState, to: MatchState) -> String? {
        from.canAdvance(to: to) ? nil : refusal(from: from, to: to)
    }

    public static func refusal(from: MatchState, to: MatchState) -> String {
        let next = from.next.sorted { $0.rawValue < $1.rawValue }.map(\.description)
        return "a match in state \(from) cannot move to \(to): "
            + (next.isEmpty ? "\(from) is final" : "from \(from) it may move to \(next.joined(separator: ", "))")
    }
}
