import Foundation

/// How current the evidence from one followed registry is (proto `UpstreamSync`). The follower
/// (Evidence/, H2) reports these through the app's ``EvidenceSyncSource``.
public struct UpstreamSync: Sendable, Hashable {
    /// The registry's name in the configuration (`--follow NAME=HOST:PORT`).
    public var upstream: String
    /// Last applied sequence of its feed.
    public var cursor: UInt64
    /// When the follower was last caught up; nil before the first time.
    public var lastSyncedAt: Date?
    public var syncedOnce: Bool
    /// Events known upstream and not yet applied (0 when caught up).
    public var lagEvents: UInt64

    public init(upstream: String, cursor: UInt64, lastSyncedAt: Date?, syncedOnce: Bool, lagEvents: UInt64) {
        self.upstream = upstream
        self.cursor = cursor
        self.lastSyncedAt = lastSyncedAt
        self.syncedOnce = syncedOnce
        self.lagEvents = lagEvents
    }
}
