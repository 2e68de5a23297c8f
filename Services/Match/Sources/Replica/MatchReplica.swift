import Foundation
import GRDB
import Logging
import ServiceLifecycle
import NIOConcurrencyHelpers
import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit
import TIBSStore

/// The match service's replica of every followed registry, catalogue and policy service: rows
/// in its own store (``ReplicaMigrations``), written by one ``FeedFollower`` per upstream with
/// the cursor in the same transaction, and an in-memory ``MatchIndex`` with the need profiles
/// and the S3 priorities, built from the store at start (``load()``) and changed only after a
/// batch has committed (the followers' after-commit hook), so it never holds what a crash
/// could lose. It answers FindMatches, the lifecycle's ``MatchDirectory`` and the duplicates
/// listing, and raises the ``AlertHub``'s alerts.
public final class MatchReplica: MatchDirectory, Sendable {
    public let store: ServiceStore
    public let upstreams: [MatchUpstream]
    /// Every upstream's follower status: the Health probe, metrics and `stale_upstreams`.
    public let board: FollowerStatusBoard
    public let alerts: AlertHub
    /// The configured weights (FindMatches may pass others).
    public let weights: ScoreWeights
    /// An upstream further behind than this many events is reported stale.
    public let staleLag: Int64
    let clock: FollowerClock

    private let state = NIOLockedValueBox(ReplicaState())
    private let loading = NIOLockedValueBox<Task<Void, any Error>?>(nil)

    /// Opens nothing: `store` must have been opened with ``ReplicaMigrations/register(_:)``.
    public init(store: ServiceStore, upstreams: [MatchUpstream], weights: ScoreWeights = .defaults, alerts: AlertHub = AlertHub(),
                staleLag: Int64 = 1000, clock: FollowerClock = .system) {
        self.store = store
        self.upstreams = upstreams
        self.board = FollowerStatusBoard(upstreams: upstreams.map(\.name))
        self.alerts = alerts
        self.weights = weights
        self.staleLag = staleLag
        self.clock = clock
    }

    // MARK: building and following

    /// Rebuilds the in-memory state from the store's rows (at start, before any follower applies).
    public func load() async throws {
        let records = try await store.read { db in try ReplicaRows.all(db) }
        var rebuilt = ReplicaState()
        for (upstream, record) in records { rebuilt.absorb(.upsert(record), upstream: upstream) }
        state.withLockedValue { $0 = rebuilt }
    }

    /// ``load()`` once, however many callers ask (the loader service and every follower).
    public func ensureLoaded() async throws {
        let task = loading.withLockedValue { loading -> Task<Void, any Error> in
            if let task = loading { return task }
            let task = Task { try await self.load() }
            loading = task
            return task
        }
        try await task.value
    }

    /// The services to run: one ``FeedFollower`` per upstream, each starting only once the index
    /// is loaded (the service loads it before it listens: `MatchService`'s `prepare`).
    /// - Parameters:
    ///   - tls: trust for the upstreams' certificates; nil only in plaintext tests.
    ///   - tokenFile: a bearer token the upstreams accept (role service), re-read on every connect.
    public func followers(tls: ClientTLS?, tokenFile: String?, logger: Logger) -> [any Service] {
        upstreams.map { upstream in
            ReplicaFollower(replica: self, follower: follower(upstream, tls: tls, tokenFile: tokenFile, logger: logger))
        }
    }

    /// The follower of one upstream: rows in its batch transaction, the index after the commit; a
    /// resync (the upstream was restored) drops the upstream's rows, then its index entries.
    public func follower(_ upstream: MatchUpstream, tls: ClientTLS?, tokenFile: String?, batchSize: Int = 500,
                         backoff: FollowerBackoff = FollowerBackoff(), logger: Logger) -> FeedFollower {
        var configuration = FeedFollower.Configuration(target: upstream.target, watchPath: upstream.kind.watchPath,
                                                       entityTypes: upstream.kind.entityTypes, tls: tls, tokenFile: tokenFile)
        configuration.batchSize = batchSize
        configuration.backoff = backoff
        let board = self.board, name = upstream.name, kind = upstream.kind
        let apply: FeedFollower.Apply = { db, event in
            let change: ReplicaChange?
            do {
                change = try ReplicaDecoder.change(event, kind: kind)
            } catch {
                board.recordRefusal(name, entityType: event.entityType)
                logger.error("refused a followed event: the replica cannot use it", metadata: [
                    "upstream": "\(name)", "sequence": "\(event.sequence)", "entity_type": "\(event.entityType)",
                    "entity_id": "\(event.entityID)", "reason": "\(error)",
                ])
                return
            }
            // A store error fails the batch (read again after the backoff); only refusals are skipped.
            if let change { try ReplicaRows.write(db, upstream: name, change) }
        }
        return FeedFollower(configuration: configuration, store: store, board: board, clock: clock, logger: logger, apply: apply,
                            afterCommit: { [self] events in await self.absorb(events, from: upstream) },
                            reset: { db in try ReplicaRows.removeUpstream(db, upstream: name) },
                            afterReset: { [self] in await self.drop(upstream: name) })
    }

    /// Drops `upstream`'s entries from the in-memory state after a resync's reset has committed
    /// (the upstream was restored; its replay brings back what it still has).
    func drop(upstream: String) async {
        try? await ensureLoaded()
        state.withLockedValue { $0.drop(upstream: upstream) }
    }

    /// The committed events of `upstream` into the in-memory state, then the alerts they raise.
    func absorb(_ events: [Tibs_Common_V1_ChangeEvent], from upstream: MatchUpstream) async {
        // A follower never runs before the load, but a hook must not race one either.
        try? await ensureLoaded()
        var changes: [(ReplicaChange, Int64)] = []
        for event in events {
            // Refused events were counted by `apply`; they changed no row.
            if let change = try? ReplicaDecoder.change(event, kind: upstream.kind) { changes.append((change, Int64(clamping: event.sequence))) }
        }
        guard !changes.isEmpty else { return }
        let scopes = alerts.scopes()
        let (before, after, delta, sequences) = state.withLockedValue { state -> (ReplicaState?, ReplicaState, ReplicaDelta, [QualifiedID: Int64]) in
            let before = scopes.isEmpty ? nil : state
            var delta = ReplicaDelta(), sequences: [QualifiedID: Int64] = [:]
            for (change, sequence) in changes {
                let one = state.absorb(change, upstream: upstream.name)
                for id in one.candidates.union(one.needs) { sequences[id] = sequence }
                delta.formUnion(one)
            }
            return (before, state, delta, sequences)
        }
        guard let before else { return }
        let found = AlertDetector(hub: alerts, weights: weights, today: today, now: store.now)
            .alerts(scopes: scopes, before: before, after: after, delta: delta, sequences: sequences)
        alerts.publish(found)
    }

    // MARK: reading

    /// The day availability is judged on when a caller names none: the store clock's UTC day.
    public var today: CalendarDate { CalendarDate(store.now) }

    /// Upstreams the replica may be behind on: not connected, never synced, or lagging more than ``staleLag``.
    public func staleUpstreams() -> [String] {
        board.snapshot().filter(isStale).map(\.upstream).sorted()
    }

    private func isStale(_ status: UpstreamStatus) -> Bool { !status.connected || !status.syncedOnce || status.lag > staleLag }

    /// The stale upstreams with why (not connected, lagging), for the SERVING health detail; nil when none.
    public func staleReason() -> String? {
        let stale = board.snapshot().filter(isStale).sorted { $0.upstream < $1.upstream }
        guard !stale.isEmpty else { return nil }
        return "stale: " + stale.map { status in
            var text = "\(status.upstream) (" + (status.connected ? "lag \(status.lag) events" : "not connected") + ", cursor \(status.cursor)"
            if !status.connected, let error = status.lastError { text += ", last error: \(error)" }
            return text + ")"
        }.joined(separator: "; ")
    }

    var snapshot: ReplicaState { state.withLockedValue { $0 } }

    /// Matchable candidates in the index now.
    public var candidateCount: Int { snapshot.index.count }

    /// Known needs (open or not) now.
    public var needCount: Int { snapshot.needs.count }

    /// The rows per replica table and upstream (`replica_smes` → `registry-lv` → 12).
    public func storedCounts() async throws -> [String: [String: Int]] {
        try await store.read { db in try ReplicaRows.counts(db) }
    }

    /// The teaser of a followed SME ("an SME in LV008, NACE 62.01, 10-49 staff"), nil when unknown.
    public func teaser(sme: QualifiedID) -> String? { snapshot.smes[sme]?.teaser }

    /// The need profile, open or not; nil when unknown.
    public func need(_ id: QualifiedID) -> NeedProfile? { snapshot.needs[id] }

    /// Every candidate in the index, by id (tests compare rebuilt and live indexes).
    public func candidate(_ id: QualifiedID) -> CandidateProfile? { snapshot.index.candidate(id) }

    /// The S3 priorities in force for `nuts` on `date` (nearest enclosing region with a version in force).
    public func priorities(_ nuts: String, on date: CalendarDate) -> RegionPriorities? { snapshot.strategies.priorities(nuts, on: date) }

    /// Every known need's id, sorted (tests compare a rebuilt replica with a live one).
    public var needIDs: [QualifiedID] { snapshot.needs.keys.sorted() }

    /// The registries' names.
    var registries: [String] { upstreams.filter { $0.kind == .registry }.map(\.name) }
}
