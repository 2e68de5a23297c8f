import Foundation
import Testing
import TIBSDomain
import TIBSMatch
import TIBSRegistry
import TIBSServiceKit
import TIBSTestSupport

/// An upstream that cannot be reached: the replica keeps serving from what it has and names
/// that upstream in every FindMatches answer until it is live.
@Suite struct StaleUpstreamTests {
    @Test func anUnreachableCatalogueIsNamedStaleWhileTheRegistryStillAnswers() async throws {
        try await withService(RegistryService.definition()) { registry in
            try await withTemporaryDirectory("tibs-replica-stale") { directory in
                let client = try registry.client(.admin)
                let sme = try await ReplicaFixture.createSme(client, name: "SIA Stale Test", registration: "LV40010")
                let need = try await ReplicaFixture.addNeed(client, sme: sme.id, ReplicaFixture.needFields("A need while the catalogue is down"))
                let store = try ReplicaFixture.openStore(directory)
                // Port 1 on the loopback: nothing listens, every connect is refused.
                let replica = ReplicaFixture.replica(store, [ReplicaFixture.upstream("registry-lv", .registry, registry),
                                                             MatchUpstream(name: "catalogue-fi", kind: .catalogue, host: "127.0.0.1", port: 1)])
                let answer = try await ReplicaFixture.whileFollowing(replica, tokenFile: try ReplicaFixture.tokenFile(directory)) {
                    try await ReplicaFixture.caughtUp(replica, "registry-lv", with: registry)
                    try await bounded("the catalogue's second failed connect") {
                        await replica.board.waitUntil("catalogue-fi") { $0.failures >= 2 }
                    }
                    return try replica.findMatches(MatchQuery(subject: .need(need.id), filters: MatchFilters(onDate: replica.today)))
                }
                #expect(answer.needs.map(\.need.id.id) == [need.id])
                #expect(answer.staleUpstreams == ["catalogue-fi"])
                let status = try #require(replica.board.status("catalogue-fi"))
                #expect(!status.connected && !status.syncedOnce && status.lastError != nil)
                #expect(replica.board.notReadyReason()?.contains("catalogue-fi has never synced") == true)
                // Stopped followers are not connected: everything is stale now.
                #expect(replica.staleUpstreams() == ["catalogue-fi", "registry-lv"])
                try store.close()
                await client.close()
            }
        }
    }
}
