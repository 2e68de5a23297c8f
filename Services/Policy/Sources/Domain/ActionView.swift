/// An influence action as one reader sees it on one day: with whether it is overdue.
public struct ActionView: Sendable, Hashable {
    public var action: InfluenceAction
    public var overdue: Bool

    public init(action: InfluenceAction, overdue: Bool) {
        self.action = action
        self.overdue = overdue
    }
}
