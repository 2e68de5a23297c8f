import Foundation
import TIBSProto
import TIBSRPC

/// Waits until the policy service has applied the registry's whole change feed, so the issues the
/// demo raises freeze real evidence and the summary counts every demo survey. The registry's head
/// is the `head_sequence` of the first progress marker its `WatchChanges` sends (nothing writes to
/// the registry while the policy demo loads); caught up means every upstream in the barrier
/// report's `sync` has synced once, has no lag and a cursor at or past that head (a service that
/// follows nothing has no upstream and is not waited for; the loader checks health first, and the
/// follower's health is NOT_SERVING until it has synced once). A start-up wait for the demo,
/// bounded by `deadline`, not a test.
enum PolicyCatchUp {
    static let registryWatch = "/tibs.registry.v1.SmeRegistry/WatchChanges"

    /// The sync the policy service reported last, once caught up; nil when the deadline passed first.
    /// `named`: the registries the policy service follows by their names in its `--follow`, each
    /// waited for at its own head; an upstream not named there is held to `registry`'s head.
    static func wait(policy: RPCClient, registry: RPCClient, named: [String: RPCClient] = [:], period: Tibs_Policy_V1_Period,
                     until deadline: ContinuousClock.Instant) async throws -> Tibs_Policy_V1_EvidenceSync? {
        let head = try await registryHead(registry)
        var heads: [String: UInt64] = [:]
        for (name, client) in named { heads[name] = try await registryHead(client) }
        while ContinuousClock.now < deadline {
            let report: Tibs_Policy_V1_BarrierReport? = try? await policy.unary(
                PolicyPaths.getBarrierReport, Tibs_Policy_V1_GetBarrierReportRequest.with { $0.period = period; $0.top = 1 },
                timeout: .seconds(5))
            // No upstream at all: the service runs without --follow (healthy, no evidence); nothing to wait for.
            if let sync = report?.sync, sync.upstreams.allSatisfy({ $0.syncedOnce && $0.lagEvents == 0 && $0.cursor >= heads[$0.upstream, default: head] }) {
                return sync
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }

    /// The registry feed's latest committed sequence: the `head_sequence` of the first progress
    /// marker, sent after the first read of the stored feed (even when that read is empty).
    static func registryHead(_ registry: RPCClient) async throws -> UInt64 {
        let request = Tibs_Common_V1_WatchChangesRequest.with { $0.progressMarkers = true }
        return try await registry.serverStreaming(registryWatch, request, timeout: .seconds(30)) {
            (events: ResponseStream<Tibs_Common_V1_ChangeEvent>) in
            for try await event in events where event.kind == .unspecified && event.entityType.isEmpty {
                return event.headSequence
            }
            throw DemoDataError("the registry's change feed ended without a progress marker")
        }
    }
}
