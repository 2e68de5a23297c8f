import Foundation
import GRDB
import Logging
import Metrics
import NIOCore
import ServiceLifecycle
import Synchronization
import TIBSProto
import TIBSRPC
import TIBSStore

/// Follows one upstream's `WatchChanges` into this service's store, as a background `Service`
/// of the service's lifecycle (``ServiceDefinition/background``).
///
/// Guarantees: every upstream event is applied exactly once. Each batch — the events read since
/// the last commit, at most `batchSize`, ended early by every progress marker — is one store
/// transaction that calls `apply` for each event and stores the new cursor
/// (``FollowerCursorTable``); a crash loses at most the batch in flight, which is read again.
/// Events at or below the stored cursor are skipped inside that transaction, so nothing is
/// applied twice even if an upstream resends.
///
/// The stream is asked for progress markers (`progress_markers`), which carry the upstream's
/// head: the follower has caught up when a marker says everything up to the head was sent.
/// Any error (connect, TLS, token, stream, `apply`) ends the connection; the follower waits
/// ``FollowerBackoff`` (full jitter from the injected ``FollowerClock``) and reconnects from the
/// stored cursor, re-reading the token file first (tokens are renewed). Graceful shutdown ends it.
///
/// Every event names the upstream's feed epoch (``FeedEpoch``), stored beside the cursor. When it
/// differs from the stored one, or a marker's head is below the cursor, the upstream was restored
/// from a backup and its sequences above the backup mean other changes now: the follower resyncs.
/// One transaction runs `reset` (the service drops what it replicated from this upstream) and
/// puts the cursor back to 0 under the new epoch; then `afterReset` (in-memory views drop the
/// upstream), and the follower replays from 0 at once. Until it has caught up again the upstream
/// reads as never synced. Logged at notice, counted in `tibs_follower_resyncs_total{upstream}`.
public struct FeedFollower: Service {
    /// Applies one upstream change inside the batch's transaction. Throwing fails the whole batch
    /// (and reconnects); a payload the service refuses should be logged and skipped instead.
    public typealias Apply = @Sendable (Database, Tibs_Common_V1_ChangeEvent) throws -> Void

    /// Told, after a batch's transaction has committed, the events that batch applied (in feed
    /// order; never the skipped ones, never a batch that failed): what an in-memory view of the
    /// applied rows (the match service's index) follows, so it changes only once they are durable.
    /// It runs before the status board moves, so a waiter on the board's cursor sees its effects;
    /// the follower waits for it, so a slow hook slows the follower (it is never dropped).
    public typealias Committed = @Sendable ([Tibs_Common_V1_ChangeEvent]) async -> Void

    /// Drops everything applied from this upstream, inside the resync's transaction (with the
    /// cursor's reset): what `apply` wrote must not outlive the history it came from.
    public typealias Reset = @Sendable (Database) throws -> Void

    /// Told after a resync's transaction has committed: an in-memory view drops the upstream's
    /// entries (the replay brings back those the restored upstream still has).
    public typealias ResetCommitted = @Sendable () async -> Void

    public struct Configuration: Sendable {
        public var target: FollowTarget
        /// The upstream's WatchChanges method, e.g. "/tibs.registry.v1.SmeRegistry/WatchChanges".
        public var watchPath: String
        /// Only these entity types (empty: all).
        public var entityTypes: [String]
        /// Trust for the upstream's certificate; nil only in tests that ask for plaintext.
        public var tls: ClientTLS?
        /// A file holding a bearer token the upstream accepts, read on every connect; nil: no token.
        public var tokenFile: String?
        /// Events per transaction at most.
        public var batchSize = 500
        public var backoff = FollowerBackoff()
        /// How long one connect and one TLS handshake to the upstream may take (the client's defaults:
        /// 5 s and 10 s); tests on a loaded machine give more.
        public var connectTimeout: TimeAmount = .seconds(5)
        public var handshakeTimeout: TimeAmount = .seconds(10)

        public init(target: FollowTarget, watchPath: String, entityTypes: [String] = [], tls: ClientTLS?, tokenFile: String?) {
            self.target = target
            self.watchPath = watchPath
            self.entityTypes = entityTypes
            self.tls = tls
            self.tokenFile = tokenFile
        }
    }

    public let configuration: Configuration
    let store: ServiceStore
    let board: FollowerStatusBoard
    let clock: FollowerClock
    let logger: Logger
    let apply: Apply
    let afterCommit: Committed?
    let reset: Reset?
    let afterReset: ResetCommitted?

    /// - Parameters:
    ///   - reset: what a resync drops in the store; nil for a service that keeps nothing per upstream
    ///     but what `apply` overwrites on replay.
    public init(configuration: Configuration, store: ServiceStore, board: FollowerStatusBoard, clock: FollowerClock = .system,
                logger: Logger, apply: @escaping Apply, afterCommit: Committed? = nil,
                reset: Reset? = nil, afterReset: ResetCommitted? = nil) {
        self.configuration = configuration
        self.store = store
        self.board = board
        self.clock = clock
        self.logger = logger
        self.apply = apply
        self.afterCommit = afterCommit
        self.reset = reset
        self.afterReset = afterReset
        board.register(configuration.target.name)
    }

    var upstream: String { configuration.target.name }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await follow() }
        } catch is CancellationError {
            // Shutting down: every committed batch holds its cursor; nothing is half applied.
        }
        board.update(upstream) { $0.connected = false }
    }

    /// Connects, follows until the connection ends, waits the backoff, again, until cancelled.
    func follow() async throws {
        try await loadStatus()
        var failuresInARow = 0
        while true {
            try Task.checkCancellation()
            let end = await session()
            try Task.checkCancellation()
            if end.resynced {
                // Not a failure: replay from 0 at once.
                board.update(upstream) { $0.connected = false }
                failuresInARow = 0
                continue
            }
            if end.progressed { failuresInARow = 0 }
            let delay = configuration.backoff.delay(attempt: failuresInARow, random: clock.random())
            failuresInARow += 1
            board.update(upstream) {
                $0.connected = false
                $0.failures += 1
                $0.lastError = end.reason
            }
            Counter(label: "tibs_follower_reconnects_total", dimensions: [("upstream", upstream)]).increment()
            logger.warning("follower connection ended; reconnecting", metadata: [
                "upstream": "\(upstream)", "reason": "\(end.reason)", "retry_in_ms": "\(FollowerBackoff.nanoseconds(delay) / 1_000_000)",
            ])
            try await clock.sleep(delay)
        }
    }

    /// The stored cursor and caught-up time onto the board (synced once survives restarts).
    func loadStatus() async throws {
        let upstream = self.upstream
        let row = try await store.read { db in try FollowerCursorTable.read(db, upstream: upstream) }
        board.update(upstream) {
            $0.cursor = row?.sequence ?? 0
            $0.head = max($0.head, $0.cursor)
            $0.syncedOnce = row?.syncedAt != nil
            $0.lastCaughtUpAt = row?.syncedAt
            $0.loaded = true
        }
    }

    /// How one connection ended.
    struct SessionEnd: Sendable {
        var progressed: Bool
        var reason: String
        /// The follower started over (``resync(epoch:reason:)``): reconnect from 0 without waiting.
        var resynced = false
    }

    /// One connection: read the cursor and the token, open the stream, apply until it ends.
    func session() async -> SessionEnd {
        let upstream = self.upstream
        let stored: FollowerCursorTable.Row?
        let client: RPCClient
        do {
            stored = try await store.read { db in try FollowerCursorTable.read(db, upstream: upstream) }
            var clientConfiguration = ClientConfiguration(host: configuration.target.host, port: configuration.target.port, tls: configuration.tls)
            if let tokenFile = configuration.tokenFile { clientConfiguration.bearerToken(try Self.readToken(tokenFile)) }
            // The follower's own backoff governs reconnects; the client dials once per session.
            clientConfiguration.backoff.maxAttempts = 1
            clientConfiguration.connectTimeout = configuration.connectTimeout
            clientConfiguration.handshakeTimeout = configuration.handshakeTimeout
            client = try RPCClient(configuration: clientConfiguration)
        } catch {
            return SessionEnd(progressed: false, reason: "\(error)")
        }
        let start = stored?.sequence ?? 0
        let request = Tibs_Common_V1_WatchChangesRequest.with {
            $0.afterSequence = UInt64(max(0, start))
            $0.entityTypes = configuration.entityTypes
            $0.progressMarkers = true
        }
        let end: SessionEnd
        do {
            end = try await client.serverStreaming(configuration.watchPath, request) { (stream: ResponseStream<Tibs_Common_V1_ChangeEvent>) in
                await consume(stream, from: start, epoch: stored?.epoch ?? "")
            }
        } catch {
            end = SessionEnd(progressed: false, reason: "\(error)")
        }
        await client.close()
        return end
    }

    /// Applies the stream in batches until it ends or fails, or resyncs when the upstream was
    /// restored (`epoch`: the stored epoch of `start`).
    func consume(_ stream: ResponseStream<Tibs_Common_V1_ChangeEvent>, from start: Int64, epoch stored: String) async -> SessionEnd {
        var cursor = start
        var epoch = stored, savedEpoch = stored
        var pending: [Tibs_Common_V1_ChangeEvent] = []
        var progressed = false
        var answered = false
        do {
            for try await event in stream {
                if !answered {
                    // The upstream answered: connected (a refusal ends the stream before any message).
                    answered = true
                    board.update(upstream) {
                        $0.connected = true
                        $0.lastError = nil
                    }
                }
                let isMarker = ChangeFeedStreaming.isMarker(event)
                if let reason = Self.resyncReason(event, isMarker: isMarker, epoch: epoch, cursor: cursor) {
                    try await resync(epoch: event.feedEpoch, reason: reason)
                    return SessionEnd(progressed: true, reason: reason, resynced: true)
                }
                // The first epoch seen is stored with the next commit.
                if epoch.isEmpty { epoch = event.feedEpoch }
                if isMarker {
                    let sentUpTo = Int64(clamping: event.sequence)
                    let head = Int64(clamping: event.headSequence)
                    let next = max(cursor, sentUpTo)
                    try await commit(pending, from: cursor, to: next, head: head, caughtUp: sentUpTo >= head, epoch: epoch,
                                     saveEpoch: epoch != savedEpoch)
                    cursor = next
                    savedEpoch = epoch
                    pending.removeAll(keepingCapacity: true)
                    progressed = true
                } else {
                    pending.append(event)
                    if pending.count >= configuration.batchSize {
                        let next = max(cursor, Int64(clamping: event.sequence))
                        try await commit(pending, from: cursor, to: next, head: nil, caughtUp: false, epoch: epoch,
                                         saveEpoch: epoch != savedEpoch)
                        cursor = next
                        savedEpoch = epoch
                        pending.removeAll(keepingCapacity: true)
                        progressed = true
                    }
                }
            }
            return SessionEnd(progressed: progressed, reason: "the upstream ended the stream")
        } catch {
            return SessionEnd(progressed: progressed, reason: "\(error)")
        }
    }

    /// Why `event` shows that the upstream is no longer the feed the cursor belongs to, or nil: another
    /// epoch than the stored one (a restore), or a head below the cursor (a feed rewound without
    /// a new epoch). An empty epoch on either side proves nothing (an older server or cursor).
    static func resyncReason(_ event: Tibs_Common_V1_ChangeEvent, isMarker: Bool, epoch: String, cursor: Int64) -> String? {
        if !event.feedEpoch.isEmpty, !epoch.isEmpty, event.feedEpoch != epoch {
            return "the upstream's feed epoch changed from \(epoch) to \(event.feedEpoch) (restored from a backup)"
        }
        if isMarker, Int64(clamping: event.headSequence) < cursor {
            return "the upstream's head \(event.headSequence) is below the cursor \(cursor) (its feed was rewound)"
        }
        return nil
    }

    /// Starts this upstream over: `reset` and the cursor back to 0 under `epoch` in one
    /// transaction, then `afterReset`, then the board (never synced, until caught up again).
    func resync(epoch: String, reason: String) async throws {
        let upstream = self.upstream, reset = self.reset
        try await store.write { db in
            try reset?(db)
            try FollowerCursorTable.reset(db, upstream: upstream, epoch: epoch)
        }
        if let afterReset { await afterReset() }
        board.update(upstream) {
            $0.cursor = 0
            $0.head = 0
            $0.syncedOnce = false
            $0.lastCaughtUpAt = nil
            $0.resyncs += 1
        }
        Counter(label: "tibs_follower_resyncs_total", dimensions: [("upstream", upstream)]).increment()
        logger.notice("upstream feed restored: dropped what was replicated from it, replaying from sequence 0", metadata: [
            "upstream": "\(upstream)", "reason": "\(reason)", "feed_epoch": "\(epoch)",
        ])
    }

    /// One transaction: `apply` for each event above the stored cursor, then the cursor `to`
    /// (and the caught-up time when `caughtUp`) under `epoch`. Skipped when it would change nothing.
    func commit(_ events: [Tibs_Common_V1_ChangeEvent], from cursor: Int64, to next: Int64, head: Int64?, caughtUp: Bool,
                epoch: String = "", saveEpoch: Bool = false) async throws {
        let upstream = self.upstream
        let now = clock.now()
        let needsRecord = caughtUp && board.status(upstream)?.syncedOnce != true
        var appliedEvents: [Tibs_Common_V1_ChangeEvent] = []
        if !events.isEmpty || next > cursor || needsRecord || saveEpoch {
            let apply = self.apply
            let syncedAt = caughtUp ? now : nil
            appliedEvents = try await store.write { db -> [Tibs_Common_V1_ChangeEvent] in
                let stored = try FollowerCursorTable.read(db, upstream: upstream)?.sequence ?? 0
                var applied: [Tibs_Common_V1_ChangeEvent] = []
                for event in events where Int64(clamping: event.sequence) > stored {
                    try apply(db, event)
                    applied.append(event)
                }
                try FollowerCursorTable.save(db, upstream: upstream, sequence: max(stored, next), syncedAt: syncedAt, epoch: epoch)
                return applied
            }
        }
        let applied = appliedEvents.count
        if applied > 0, let afterCommit { await afterCommit(appliedEvents) }
        if applied > 0 {
            Counter(label: "tibs_follower_events_applied_total", dimensions: [("upstream", upstream)]).increment(by: applied)
        }
        let wasSynced = board.status(upstream)?.syncedOnce == true
        board.update(upstream) {
            $0.cursor = max($0.cursor, next)
            $0.head = max(head ?? $0.head, $0.cursor)
            $0.eventsApplied += applied
            if caughtUp {
                $0.syncedOnce = true
                $0.lastCaughtUpAt = now
            }
        }
        if caughtUp && !wasSynced {
            logger.info("follower caught up", metadata: ["upstream": "\(upstream)", "cursor": "\(next)"])
        }
    }

    /// The bearer token in `path`, trimmed.
    static func readToken(_ path: String) throws -> String {
        let token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw FollowerError(description: "token file \(path) is empty") }
        return token
    }
}
