import Foundation
import Metrics
import NIOConcurrencyHelpers
import TIBSRPC

/// The live status of every upstream a service follows, shared by its followers (writers), its
/// Health probe, its metrics and its reports (readers). Tests wait on it for a condition
/// (``waitUntil(_:_:)``) instead of sleeping.
public final class FollowerStatusBoard: Sendable {
    private struct State {
        var statuses: [String: UpstreamStatus] = [:]
        var waiters: [(id: UInt64, condition: @Sendable ([String: UpstreamStatus]) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
        var nextWaiter: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())

    public init(upstreams: [String] = []) {
        state.withLockedValue { state in
            for upstream in upstreams { state.statuses[upstream] = UpstreamStatus(upstream: upstream) }
        }
    }

    /// Adds `upstream` (never synced, cursor unknown) unless it is already on the board.
    public func register(_ upstream: String) {
        state.withLockedValue { state in
            if state.statuses[upstream] == nil { state.statuses[upstream] = UpstreamStatus(upstream: upstream) }
        }
    }

    /// Every upstream's status, by name.
    public func snapshot() -> [UpstreamStatus] {
        state.withLockedValue { $0.statuses.values.sorted { $0.upstream < $1.upstream } }
    }

    public func status(_ upstream: String) -> UpstreamStatus? {
        state.withLockedValue { $0.statuses[upstream] }
    }

    /// Changes `upstream`'s status, records its gauges and wakes the waiters whose condition now holds.
    public func update(_ upstream: String, _ change: (inout UpstreamStatus) -> Void) {
        let (status, woken) = state.withLockedValue { state -> (UpstreamStatus, [CheckedContinuation<Void, Never>]) in
            var status = state.statuses[upstream] ?? UpstreamStatus(upstream: upstream)
            change(&status)
            state.statuses[upstream] = status
            let statuses = state.statuses
            var woken: [CheckedContinuation<Void, Never>] = []
            state.waiters.removeAll { waiter in
                guard waiter.condition(statuses) else { return false }
                woken.append(waiter.continuation)
                return true
            }
            return (status, woken)
        }
        Self.record(status)
        for continuation in woken { continuation.resume() }
    }

    /// Counts an event the service refused to apply (it logs why): in the status and in
    /// `tibs_follower_refused_total{upstream, entity_type}`.
    public func recordRefusal(_ upstream: String, entityType: String) {
        Counter(label: "tibs_follower_refused_total", dimensions: [("upstream", upstream), ("entity_type", entityType)]).increment()
        update(upstream) { $0.refusedEvents += 1 }
    }

    /// Suspends until `condition` holds for `upstream`'s status (checked now and on every update).
    public func waitUntil(_ upstream: String, _ condition: @escaping @Sendable (UpstreamStatus) -> Bool) async {
        await waitUntilAll { statuses in statuses[upstream].map(condition) ?? false }
    }

    /// Suspends until `condition` holds for the board (checked now and on every update), or until
    /// the task is cancelled (then it returns at once; check `Task.isCancelled`).
    public func waitUntilAll(_ condition: @escaping @Sendable ([String: UpstreamStatus]) -> Bool) async {
        let id = state.withLockedValue { state -> UInt64 in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLockedValue { state -> Bool in
                    if condition(state.statuses) || Task.isCancelled { return true }
                    state.waiters.append((id, condition, continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume()
        }
    }

    /// Why the service is not ready, or nil: some upstream has never caught up (a service that
    /// follows nothing is always ready). Names each such upstream with its cursor, head and lag.
    public func notReadyReason() -> String? {
        let behind = snapshot().filter { !$0.syncedOnce }
        guard !behind.isEmpty else { return nil }
        return behind.map { status in
            var text = "\(status.upstream) has never synced (cursor \(status.cursor), head \(status.head), lag \(status.lag)"
            if let error = status.lastError { text += ", last error: \(error)" }
            return text + ")"
        }.joined(separator: "; ")
    }

    /// The Health probe: NOT_SERVING only while some upstream has never synced.
    public var healthProbe: HealthProbe {
        HealthProbe(name: "followers") { [self] in notReadyReason() }
    }

    /// The gauges of one upstream, labelled `upstream`: cursor, head, lag, synced (0/1) and the
    /// last caught-up time (Unix seconds, 0 if never).
    static func record(_ status: UpstreamStatus) {
        let dimensions = [("upstream", status.upstream)]
        Gauge(label: "tibs_follower_cursor", dimensions: dimensions).record(status.cursor)
        Gauge(label: "tibs_follower_head", dimensions: dimensions).record(status.head)
        Gauge(label: "tibs_follower_lag", dimensions: dimensions).record(status.lag)
        Gauge(label: "tibs_follower_synced", dimensions: dimensions).record(status.syncedOnce ? 1 : 0)
        Gauge(label: "tibs_follower_connected", dimensions: dimensions).record(status.connected ? 1 : 0)
        Gauge(label: "tibs_follower_last_sync_seconds", dimensions: dimensions).record(status.lastCaughtUpAt?.timeIntervalSince1970 ?? 0)
    }
}
