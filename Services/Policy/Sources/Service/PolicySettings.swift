import TIBSServiceKit

/// The policy service's own settings beyond `ServiceOptions`, resolved (``PolicyOptions/resolved(environment:)``).
public struct PolicySettings: Sendable, Equatable {
    /// An influence action with no step after SUBMITTED this many days after its submitted_on is overdue.
    public var overdueAfterDays: Int
    /// The registries to follow for evidence (`--follow NAME=HOST:PORT`, repeatable); empty: none.
    public var follows: [FollowTarget]
    /// A service token the followed registries accept (`--follow-token-file`).
    public var followTokenFile: String?

    public static let defaultOverdueAfterDays = 90

    public init(overdueAfterDays: Int = PolicySettings.defaultOverdueAfterDays, follows: [FollowTarget] = [], followTokenFile: String? = nil) {
        self.overdueAfterDays = overdueAfterDays
        self.follows = follows
        self.followTokenFile = followTokenFile
    }
}

/// A registry the policy service follows: the shared `NAME=HOST:PORT` target every follower uses.
public typealias FollowTarget = TIBSServiceKit.FollowTarget
