/// The walk of an influence action as a pure function (``ActionStatus/next``) with the refusal the
/// caller reads: it names the current and the requested state and what may follow.
public enum ActionWalk {
    /// nil when one step may go from `from` to `to`; else why not.
    public static func check(from: ActionStatus, to: ActionStatus) -> String? {
        from.canAdvance(to: to) ? nil : refusal(from: from, to: to)
    }

    public static func refusal(from: ActionStatus, to: ActionStatus) -> String {
        let next = from.next.sorted { $0.rawValue < $1.rawValue }.map(\.description)
        return "an action in \(from) cannot move to \(to): "
            + (next.isEmpty ? "\(from) is final" : "from \(from) it may move to \(next.joined(separator: ", "))")
    }
}
