import Foundation
import Testing
import TIBSDomain
@testable import TIBSMatch
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSServiceApp
import TIBSTestSupport

/// What a resync drops when one followed registry was restored: its rows (the follower's reset)
/// and its in-memory entries (the after-reset hook), and nothing of the other registry, even
/// where the two meet (a need of one matched with an offer of the other).
@Suite struct ReplicaResyncTests {
    @Test func droppingOneUpstreamLeavesExactlyWhatALoadOfTheOthersRowsBuilds() async throws {
        try await withService(RegistryService.definition()) { latvia in
            try await withService(RegistryService.definition()) { lithuania in
                try await withTemporaryDirectory("tibs-replica-resync") { directory in
                    let lv = try latvia.client(.admin), lt = try lithuania.client(.admin)
                    let riga = try await ReplicaFixture.createSme(lv, name: "SIA Baltic Sensors", registration: "LV40003")
                    let lvNeed = try await ReplicaFixture.addNeed(lv, sme: riga.id, ReplicaFixture.needFields("Latvian need"))
                    let lvOffer = try await ReplicaFixture.addOffer(lv, sme: riga.id, title: "Printed electronics pilot line in Riga")
                    let vilnius = try await ReplicaFixture.createSme(lt, name: "UAB Spausdinta", registration: "LT30001", country: "LT", nuts: "LT011")
                    let ltNeed = try await ReplicaFixture.addNeed(lt, sme: vilnius.id, ReplicaFixture.needFields("Lithuanian need"))
                    let ltOffer = try await ReplicaFixture.addOffer(lt, sme: vilnius.id, title: "Printed electronics pilot line in Vilnius")
                    let store = try ReplicaFixture.openStore(directory)
                    let upstreams = [ReplicaFixture.upstream("registry-lv", .registry, latvia), ReplicaFixture.upstream("registry-lt", .registry, lithuania)]
                    let replica = ReplicaFixture.replica(store, upstreams)
                    try await ReplicaFixture.whileFollowing(replica, tokenFile: try ReplicaFixture.tokenFile(directory)) {
                        try await ReplicaFixture.caughtUp(replica, "registry-lv", with: latvia)
                        try await ReplicaFixture.caughtUp(replica, "registry-lt", with: lithuania)
                    }
                    let day = try #require(CalendarDate("2026-01-05"))
                    func candidates(_ replica: MatchReplica, _ need: String) throws -> [QualifiedID] {
                        try replica.findMatches(MatchQuery(subject: .need(need), filters: MatchFilters(onDate: day))).needs.flatMap { $0.candidates.map(\.candidate.id) }
                    }
                    #expect(try candidates(replica, "registry-lt/\(ltNeed.id)").contains(QualifiedID(upstream: "registry-lv", id: lvOffer.id)))

                    // The follower's reset and after-reset hook for registry-lv, as a resync runs them.
                    try await store.write { db in try ReplicaRows.removeUpstream(db, upstream: "registry-lv") }
                    await replica.drop(upstream: "registry-lv")

                    #expect(replica.needIDs == [QualifiedID(upstream: "registry-lt", id: ltNeed.id)])
                    #expect(replica.candidate(QualifiedID(upstream: "registry-lv", id: lvOffer.id)) == nil)
                    #expect(replica.candidate(QualifiedID(upstream: "registry-lt", id: ltOffer.id)) != nil)
                    #expect(replica.teaser(sme: QualifiedID(upstream: "registry-lv", id: riga.id)) == nil)
                    #expect(try await replica.storedCounts().values.allSatisfy { $0["registry-lv"] == nil })
                    let rebuilt = ReplicaFixture.replica(store, upstreams)
                    try await rebuilt.load()
                    #expect(replica.needIDs == rebuilt.needIDs && replica.candidateCount == rebuilt.candidateCount)
                    #expect(try candidates(replica, "registry-lt/\(ltNeed.id)") == (try candidates(rebuilt, "registry-lt/\(ltNeed.id)")))
                    #expect(throws: ServiceError.self) { try candidates(replica, "registry-lv/\(lvNeed.id)") }
                    try store.close()
                    await lv.close()
                    await lt.close()
                }
            }
        }
    }
}
