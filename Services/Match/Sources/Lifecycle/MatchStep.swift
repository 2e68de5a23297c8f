import Foundation

/// One step of a match's walk: who took it, for which side, when (store clock) and why.
public struct MatchStep: Sendable, Hashable {
    /// nil for the proposal itself.
    public var from: MatchState?
    public var to: MatchState
    /// Token subject.
    public var actor: String
    public var actorSide: MatchSide
    public var at: Date
    public var note: String

    public init(from: MatchState?, to: MatchState, actor: String, actorSide: MatchSide, at: Date, note: String) {
        self.from = from
        self.to = to
        self.actor = actor
        self.actorSide = actorSide
        self.at = at
        self.note = note
    }
}
