import Foundation

/// How far one followed upstream has been applied, for health, metrics and the reports' `sync`.
public struct UpstreamStatus: Sendable, Equatable {
    /// The follower's name for the upstream (`--follow NAME=…`), the key of its cursor.
    public var upstream: String
    /// The last upstream sequence whose effects are committed here.
    public var cursor: Int64
    /// The upstream's latest sequence as last reported (a progress marker); 0 before any.
    public var head: Int64
    /// True once the follower has caught up with the upstream at least once (kept across restarts).
    public var syncedOnce: Bool
    /// When it last caught up; nil if never.
    public var lastCaughtUpAt: Date?
    /// True while a stream is open.
    public var connected: Bool
    /// Why the last connection ended, if it failed; nil once connected again.
    public var lastError: String?
    /// Connections that ended in an error since start.
    public var failures: Int
    /// Events applied since start.
    public var eventsApplied: Int
    /// Events the service refused to apply since start (a payload it cannot use; logged, skipped).
    public var refusedEvents: Int = 0
    /// Times the follower started over from sequence 0 since start (the upstream was restored).
    public var resyncs: Int = 0
    /// True once the stored cursor has been read (until then `syncedOnce` is not known).
    public var loaded: Bool

    public init(upstream: String, cursor: Int64 = 0, head: Int64 = 0, syncedOnce: Bool = false, lastCaughtUpAt: Date? = nil,
                connected: Bool = false, lastError: String? = nil, failures: Int = 0, eventsApplied: Int = 0, loaded: Bool = false) {
        self.upstream = upstream
        self.cursor = cursor
        self.head = head
        self.syncedOnce = syncedOnce
        self.lastCaughtUpAt = lastCaughtUpAt
        self.connected = connected
        self.lastError = lastError
        self.failures = failures
        self.eventsApplied = eventsApplied
        self.loaded = loaded
    }

    /// Upstream events not yet applied here: head − cursor (0 when the head is not known yet).
    public var lag: Int64 { max(0, head - cursor) }
}
