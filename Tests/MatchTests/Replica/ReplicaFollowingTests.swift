import Foundation
import Testing
import TIBSCatalogue
import TIBSDomain
import TIBSMatch
import TIBSPolicy
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSServiceApp
import TIBSStore
import TIBSTestSupport

/// The replica against in-process registry, catalogue and policy services over TLS, into a
/// real SQLite store: what is created upstream becomes matchable, what is closed, retired or
/// withdrawn leaves the index, and a restart rebuilds the same index and resumes from cursors.
@Suite struct ReplicaFollowingTests {
    @Test func dataCreatedUpstreamBecomesMatchableAndLeavesWhenClosedRetiredOrWithdrawn() async throws {
        try await withService(RegistryService.definition()) { registry in
            try await withService(CatalogueService.definition()) { catalogue in
                try await withService(PolicyService.definition()) { policy in
                    try await withTemporaryDirectory("tibs-replica") { directory in
                        let registryClient = try registry.client(.admin), catalogueClient = try catalogue.client(.admin)
                        let policyClient = try policy.client(.admin)
                        let seeker = try await ReplicaFixture.createSme(registryClient, name: "SIA Rīgas Sensori", registration: "LV40001")
                        let partner = try await ReplicaFixture.createSme(registryClient, name: "Tartu Print OÜ", registration: "EE10001",
                                                                         country: "EE", nuts: "EE008")
                        let need = try await ReplicaFixture.addNeed(registryClient, sme: seeker.id, ReplicaFixture.needFields("Pilot line for printed sensors"))
                        let offer = try await ReplicaFixture.addOffer(registryClient, sme: partner.id, title: "Printed electronics line days")
                        try await ReplicaFixture.registerBroker(registryClient, subject: "broker-lv", region: ("LV", "LV006"))
                        let provider = try await ReplicaFixture.createProvider(catalogueClient)
                        let facility = try await ReplicaFixture.publish(catalogueClient, provider: provider.id, ReplicaFixture.resourceFields())
                        let programme = try await ReplicaFixture.publish(catalogueClient, provider: provider.id,
                                                                         ReplicaFixture.resourceFields(kind: .supportProgramme, title: "Cross-border pilot vouchers"))
                        let draft: Tibs_Catalogue_V1_Resource = try await catalogueClient.unary(CatalogueMethods.createResource, Tibs_Catalogue_V1_CreateResourceRequest.with {
                            $0.providerID = provider.id
                            $0.fields = ReplicaFixture.resourceFields(title: "Not yet published")
                        })
                        _ = try await ReplicaFixture.setStrategy(policyClient, region: "LV", from: "2021-01-01", weight: 0.5)
                        _ = try await ReplicaFixture.setStrategy(policyClient, region: "LV006", from: "2024-01-01", weight: 0.9)

                        let store = try ReplicaFixture.openStore(directory)
                        let upstreams = [ReplicaFixture.upstream("registry-lv", .registry, registry), ReplicaFixture.upstream("catalogue-fi", .catalogue, catalogue),
                                         ReplicaFixture.upstream("policy-bsr", .policy, policy)]
                        let replica = ReplicaFixture.replica(store, upstreams)
                        let tokenFile = try ReplicaFixture.tokenFile(directory)
                        try await ReplicaFixture.whileFollowing(replica, tokenFile: tokenFile) {
                            try await ReplicaFixture.caughtUp(replica, "registry-lv", with: registry)
                            try await ReplicaFixture.caughtUp(replica, "catalogue-fi", with: catalogue)
                            try await ReplicaFixture.caughtUp(replica, "policy-bsr", with: policy)
                            #expect(replica.staleUpstreams() == [])

                            let needID = QualifiedID(upstream: "registry-lv", id: need.id)
                            let profile = try #require(replica.need(needID))
                            #expect(profile.isOpen && profile.nuts == "LV006" && profile.country == "LV")
                            #expect(profile.smeID == QualifiedID(upstream: "registry-lv", id: seeker.id))
                            #expect(profile.naceCodes == ["62.01"])  // the SME's own: the need names none
                            let resource = try #require(replica.candidate(QualifiedID(upstream: "catalogue-fi", id: facility.id)))
                            #expect(resource.kind == .resource && resource.ownerName == provider.fields.name && resource.nuts == "FI1C4")
                            #expect(resource.trlMin == 4 && resource.trlMax == 7 && resource.capacityStated)
                            let voucher = try #require(replica.candidate(QualifiedID(upstream: "catalogue-fi", id: programme.id)))
                            #expect(voucher.kind == .supportProgramme && voucher.closesOn == CalendarDate("2099-12-31"))
                            #expect(replica.candidate(QualifiedID(upstream: "catalogue-fi", id: draft.id)) == nil)
                            let partnerOffer = try #require(replica.candidate(QualifiedID(upstream: "registry-lv", id: offer.id)))
                            #expect(partnerOffer.kind == .partnerOffer && partnerOffer.ownerName == "Tartu Print OÜ" && partnerOffer.country == "EE")
                            #expect(replica.candidateCount == 3)
                            #expect(replica.brokers(serving: "LV006") == ["broker-lv"])
                            #expect(replica.brokers(serving: "EE008") == [])
                            // The nearest enclosing region with a version in force answers.
                            let date = try #require(CalendarDate("2025-06-01"))
                            #expect(replica.priorities("LV006", on: date)?.weights["ict"] == 0.9)
                            #expect(replica.priorities("LV007", on: date)?.region == "LV")
                            #expect(replica.priorities("LV006", on: try #require(CalendarDate("2022-06-01")))?.weights["ict"] == 0.5)
                            #expect(replica.teaser(sme: profile.smeID) == "an SME in LV006, NACE 62.01, 10-49 staff")

                            // Closed, retired and withdrawn leave.
                            _ = try await ReplicaFixture.updateNeed(registryClient, need, status: .fulfilled)
                            _ = try await ReplicaFixture.step(catalogueClient, CatalogueMethods.retireResource, facility)
                            var withdrawn = offer.fields
                            withdrawn.status = .withdrawn
                            let _: Tibs_Registry_V1_Offer = try await registryClient.unary(RegistryMethods.updateOffer, Tibs_Registry_V1_UpdateOfferRequest.with {
                                $0.id = offer.id
                                $0.expectedVersion = offer.version
                                $0.fields = withdrawn
                            })
                            try await ReplicaFixture.caughtUp(replica, "registry-lv", with: registry)
                            try await ReplicaFixture.caughtUp(replica, "catalogue-fi", with: catalogue)
                            #expect(replica.need(needID)?.isOpen == false)
                            #expect(replica.candidate(QualifiedID(upstream: "catalogue-fi", id: facility.id)) == nil)
                            #expect(replica.candidate(QualifiedID(upstream: "registry-lv", id: offer.id)) == nil)
                            #expect(replica.candidateCount == 1)
                            let closed = MatchQuery(subject: .need(need.id), filters: MatchFilters(onDate: date))
                            #expect(throws: ServiceError.failedPrecondition("need \(needID) is not open: only open needs are matched")) {
                                try replica.findMatches(closed)
                            }
                            // The SME asks for its open needs: none left.
                            let bySME = try replica.findMatches(MatchQuery(subject: .sme(seeker.id), filters: MatchFilters(onDate: date)))
                            #expect(bySME.needs.isEmpty && bySME.staleUpstreams.isEmpty)

                            let counts = try await replica.storedCounts()
                            #expect(counts["replica_smes"]?["registry-lv"] == 2)
                            #expect(counts["replica_needs"]?["registry-lv"] == 1)
                            #expect(counts["replica_offers"]?["registry-lv"] == 1)
                            #expect(counts["replica_brokers"]?["registry-lv"] == 1)
                            #expect(counts["replica_resources"]?["catalogue-fi"] == 3)  // retired and draft kept as rows, not as candidates
                            #expect(counts["replica_providers"]?["catalogue-fi"] == 1)
                            #expect(counts["replica_strategies"]?["policy-bsr"] == 2)
                        }
                        for client in [registryClient, catalogueClient, policyClient] { await client.close() }
                    }
                }
            }
        }
    }

    @Test func aRestartRebuildsTheSameIndexFromTheStoreAndResumesFromTheCursorsWithExactCounts() async throws {
        try await withService(RegistryService.definition()) { registry in
            try await withService(CatalogueService.definition()) { catalogue in
                try await withTemporaryDirectory("tibs-replica-restart") { directory in
                    let registryClient = try registry.client(.admin), catalogueClient = try catalogue.client(.admin)
                    let tokenFile = try ReplicaFixture.tokenFile(directory)
                    let upstreams = [ReplicaFixture.upstream("registry-lv", .registry, registry), ReplicaFixture.upstream("catalogue-fi", .catalogue, catalogue)]
                    let seeker = try await ReplicaFixture.createSme(registryClient, name: "SIA Restart", registration: "LV40002")
                    for index in 0..<3 {
                        _ = try await ReplicaFixture.addNeed(registryClient, sme: seeker.id, ReplicaFixture.needFields("Need \(index)"))
                    }
                    let provider = try await ReplicaFixture.createProvider(catalogueClient)
                    for index in 0..<2 {
                        _ = try await ReplicaFixture.publish(catalogueClient, provider: provider.id, ReplicaFixture.resourceFields(title: "Line \(index)"))
                    }

                    let first = try ReplicaFixture.openStore(directory)
                    let live = ReplicaFixture.replica(first, upstreams)
                    let (liveNeeds, liveCandidates): ([NeedProfile], [QualifiedID: CandidateProfile]) = try await ReplicaFixture.whileFollowing(live, tokenFile: tokenFile) {
                        try await ReplicaFixture.caughtUp(live, "registry-lv", with: registry)
                        try await ReplicaFixture.caughtUp(live, "catalogue-fi", with: catalogue)
                        return (live.needIDs.compactMap(live.need), try await Self.candidates(live, catalogue))
                    }
                    #expect(liveNeeds.count == 3 && liveCandidates.count == 2)
                    let cursors = live.board.snapshot().map(\.cursor)
                    try first.close()

                    // More upstream while the match service is down.
                    let extra = try await ReplicaFixture.addNeed(registryClient, sme: seeker.id, ReplicaFixture.needFields("Need after restart"))
                    _ = try await ReplicaFixture.publish(catalogueClient, provider: provider.id, ReplicaFixture.resourceFields(title: "Line after restart"))

                    let reopened = try ReplicaFixture.openStore(directory)
                    let restarted = ReplicaFixture.replica(reopened, upstreams)
                    try await restarted.load()
                    #expect(restarted.needIDs.compactMap(restarted.need) == liveNeeds)
                    #expect(try await Self.candidates(restarted, catalogue).count == liveCandidates.count)
                    for (id, candidate) in liveCandidates { #expect(restarted.candidate(id) == candidate) }
                    try await ReplicaFixture.whileFollowing(restarted, tokenFile: tokenFile) {
                        try await ReplicaFixture.caughtUp(restarted, "registry-lv", with: registry)
                        try await ReplicaFixture.caughtUp(restarted, "catalogue-fi", with: catalogue)
                    }
                    let statuses = restarted.board.snapshot()
                    #expect(statuses.map(\.cursor) == [catalogue.store.latestSequence(), registry.store.latestSequence()])
                    #expect(zip(statuses.map(\.cursor), cursors).allSatisfy { $0 > $1 })
                    #expect(statuses.map(\.eventsApplied) == [3, 1])  // catalogue: create, submit, publish; registry: one need; none twice
                    #expect(restarted.need(QualifiedID(upstream: "registry-lv", id: extra.id))?.isOpen == true)
                    #expect(restarted.candidateCount == 3 && restarted.needCount == 4)
                    let counts = try await restarted.storedCounts()
                    #expect(counts["replica_needs"]?["registry-lv"] == 4 && counts["replica_resources"]?["catalogue-fi"] == 3)
                    try reopened.close()
                    await registryClient.close()
                    await catalogueClient.close()
                }
            }
        }
    }

    /// The replica's candidates among the catalogue's published resources.
    static func candidates(_ replica: MatchReplica, _ catalogue: ServiceHarness) async throws -> [QualifiedID: CandidateProfile] {
        let ids = try await catalogue.store.read { db in try String.fetchAll(db, sql: "SELECT id FROM resources") }
        var found: [QualifiedID: CandidateProfile] = [:]
        for id in ids {
            let key = QualifiedID(upstream: "catalogue-fi", id: id)
            if let candidate = replica.candidate(key) { found[key] = candidate }
        }
        return found
    }
}
