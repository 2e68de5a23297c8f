import Foundation
import Testing
import TIBSDomain
import TIBSMatch
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSServiceApp
import TIBSTestSupport

/// Two registries (two region deployments) followed at once: each one's ids qualified by its
/// name, bare ids found across both, and the company registered in both listed as a likely duplicate.
@Suite struct TwoRegistriesReplicaTests {
    @Test func twoRegistriesKeepTheirIdsApartAndTheSameCompanyInBothIsALikelyDuplicate() async throws {
        try await withService(RegistryService.definition()) { latvia in
            try await withService(RegistryService.definition()) { lithuania in
                try await withTemporaryDirectory("tibs-replica-two") { directory in
                    let lv = try latvia.client(.admin), lt = try lithuania.client(.admin)
                    let riga = try await ReplicaFixture.createSme(lv, name: "SIA Baltic Sensors", registration: "LV40003")
                    let rigaAgain = try await ReplicaFixture.createSme(lt, name: "Baltic Sensors, SIA", registration: "LV40003")
                    let vilnius = try await ReplicaFixture.createSme(lt, name: "UAB „Žalias Vėjas“", registration: "LT30001", country: "LT", nuts: "LT011")
                    let vilniusInLatvia = try await ReplicaFixture.createSme(lv, name: "Zalias Vejas UAB", registration: "LT30999", country: "LT", nuts: "LT011")
                    let loner = try await ReplicaFixture.createSme(lv, name: "SIA Only Here", registration: "LV40004")
                    let lvNeed = try await ReplicaFixture.addNeed(lv, sme: riga.id, ReplicaFixture.needFields("Latvian need"))
                    let ltNeed = try await ReplicaFixture.addNeed(lt, sme: vilnius.id, ReplicaFixture.needFields("Lithuanian need"))
                    let store = try ReplicaFixture.openStore(directory)
                    let replica = ReplicaFixture.replica(store, [ReplicaFixture.upstream("registry-lv", .registry, latvia),
                                                                 ReplicaFixture.upstream("registry-lt", .registry, lithuania)])
                    try await ReplicaFixture.whileFollowing(replica, tokenFile: try ReplicaFixture.tokenFile(directory)) {
                        try await ReplicaFixture.caughtUp(replica, "registry-lv", with: latvia)
                        try await ReplicaFixture.caughtUp(replica, "registry-lt", with: lithuania)
                    }
                    #expect(replica.needIDs == [QualifiedID(upstream: "registry-lt", id: ltNeed.id), QualifiedID(upstream: "registry-lv", id: lvNeed.id)].sorted())
                    // Bare ids are found in the registry that has them; qualified ones only there.
                    let day = try #require(CalendarDate("2026-01-05"))
                    #expect(try replica.findMatches(MatchQuery(subject: .need(lvNeed.id), filters: MatchFilters(onDate: day))).needs.map(\.need.id.upstream) == ["registry-lv"])
                    #expect(try replica.findMatches(MatchQuery(subject: .need("registry-lt/\(ltNeed.id)"), filters: MatchFilters(onDate: day))).needs.count == 1)
                    #expect(throws: ServiceError.notFound(entity: "need", id: "registry-lt/\(lvNeed.id)")) {
                        try replica.findMatches(MatchQuery(subject: .need("registry-lt/\(lvNeed.id)"), filters: MatchFilters(onDate: day)))
                    }
                    let unknownUpstream = #expect(throws: ValidationErrors.self) {
                        try replica.findMatches(MatchQuery(subject: .need("registry-ee/\(lvNeed.id)"), filters: MatchFilters(onDate: day)))
                    }
                    #expect(unknownUpstream?.fields == ["need_id"])

                    let all = replica.likelyDuplicates(country: "", page: PageRequest(size: 10, after: nil))
                    #expect(all.total == 3 && all.nextAfter == nil)
                    let byRegistration = try #require(all.items.first { $0.reason == .sameRegistrationID })
                    #expect(byRegistration.country == "LV" && byRegistration.key == "LV40003")
                    #expect(Set(byRegistration.entries.map(\.smeID)) == [QualifiedID(upstream: "registry-lv", id: riga.id),
                                                                          QualifiedID(upstream: "registry-lt", id: rigaAgain.id)])
                    let byName = try #require(all.items.first { $0.reason == .sameName && $0.country == "LT" })
                    #expect(byName.key == "zalias vejas")
                    #expect(Set(byName.entries.map(\.smeID)) == [QualifiedID(upstream: "registry-lt", id: vilnius.id),
                                                                  QualifiedID(upstream: "registry-lv", id: vilniusInLatvia.id)])
                    // "SIA Baltic Sensors" and "Baltic Sensors, SIA" also share a normalised name: both reasons are listed.
                    let latvianName = try #require(all.items.first { $0.reason == .sameName && $0.country == "LV" })
                    #expect(latvianName.key == "baltic sensors" && latvianName.entries.count == 2)
                    // The loner is in no group.
                    #expect(!all.items.flatMap(\.entries).contains { $0.smeID.id == loner.id })
                    let latvian = replica.likelyDuplicates(country: "LV", page: PageRequest(size: 10, after: nil))
                    #expect(latvian.items.allSatisfy { $0.country == "LV" })
                    // Paged one by one: the same groups, in the same order.
                    let first = replica.likelyDuplicates(country: "", page: PageRequest(size: 1, after: nil))
                    let second = replica.likelyDuplicates(country: "", page: PageRequest(size: 2, after: first.nextAfter))
                    #expect(first.items + second.items == all.items && second.nextAfter == nil)
                    try store.close()
                    await lv.close()
                    await lt.close()
                }
            }
        }
    }
}
