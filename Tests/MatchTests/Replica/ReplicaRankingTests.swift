import Foundation
import Testing
import TIBSCatalogue
import TIBSDomain
import TIBSMatch
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

/// FindMatches over the replica with the real index: what is followed is ranked, a programme
/// whose window has closed and a retired resource never appear, the SME's own offer never does,
/// and a partner SME of a region outside the caller's scope is named only by its teaser.
@Suite struct ReplicaRankingTests {
    @Test func followedCandidatesAreRankedAndTheUnavailableNeverAppear() async throws {
        try await withService(RegistryService.definition()) { registry in
            try await withService(CatalogueService.definition()) { catalogue in
                let registryClient = try registry.client(.admin), catalogueClient = try catalogue.client(.admin)
                let seeker = try await ReplicaFixture.createSme(registryClient, name: "SIA Ranking Sensors", registration: "LV40040")
                let partner = try await ReplicaFixture.createSme(registryClient, name: "Tartu Print OÜ", registration: "EE10040", country: "EE", nuts: "EE008")
                let need = try await ReplicaFixture.addNeed(registryClient, sme: seeker.id, ReplicaFixture.needFields("Pilot line for printed sensors"))
                let offer = try await ReplicaFixture.addOffer(registryClient, sme: partner.id, title: "Printed electronics pilot line days")
                let own = try await ReplicaFixture.addOffer(registryClient, sme: seeker.id, title: "Our own printed electronics pilot line")
                let provider = try await ReplicaFixture.createProvider(catalogueClient)
                let facility = try await ReplicaFixture.publish(catalogueClient, provider: provider.id, ReplicaFixture.resourceFields())
                let retired = try await ReplicaFixture.publish(catalogueClient, provider: provider.id, ReplicaFixture.resourceFields(title: "Printed sensors test bed"))
                _ = try await ReplicaFixture.step(catalogueClient, CatalogueMethods.retireResource, retired)
                let closedProgramme = try await ReplicaFixture.publish(catalogueClient, provider: provider.id,
                                                                       ReplicaFixture.resourceFields(kind: .supportProgramme, title: "Printed electronics vouchers",
                                                                                                     opens: "2026-01-01", closes: "2026-12-31"))
                let box = ReplicaBox()
                let upstreams = [ReplicaFixture.upstream("registry-lv", .registry, registry), ReplicaFixture.upstream("catalogue-fi", .catalogue, catalogue)]
                try await withService(ReplicaBox.definition(box, upstreams: upstreams)) { match in
                    let replica = try box.get()
                    try await ReplicaFixture.whileFollowing(replica, tokenFile: try ReplicaFixture.tokenFile(match.directory)) {
                        try await ReplicaFixture.caughtUp(replica, "registry-lv", with: registry)
                        try await ReplicaFixture.caughtUp(replica, "catalogue-fi", with: catalogue)
                        let analyst = try match.client(.analyst), estonian = try match.client(.broker, regions: ["EE"], subject: "broker-ee")
                        let request = Tibs_Match_V1_FindMatchesRequest.with { $0.needID = need.id; $0.onDate = "2027-03-02" }
                        let answer: Tibs_Match_V1_FindMatchesResponse = try await analyst.unary(MatchMethods.findMatches, request)
                        let candidates = try #require(answer.needs.first).candidates
                        let ids = candidates.map(\.id)
                        #expect(ids.contains("catalogue-fi/\(facility.id)"))
                        #expect(ids.contains("registry-lv/\(offer.id)"))
                        #expect(!ids.contains("catalogue-fi/\(retired.id)"))
                        #expect(!ids.contains("catalogue-fi/\(closedProgramme.id)"))
                        #expect(!ids.contains("registry-lv/\(own.id)"))
                        #expect(candidates.map(\.rank) == Array(1...UInt32(candidates.count)))
                        #expect(candidates.allSatisfy { $0.score.total > 0 && !$0.upstream.isEmpty })
                        let partnerForAnalyst = try #require(candidates.first { $0.id == "registry-lv/\(offer.id)" })
                        #expect(partnerForAnalyst.owner == "an SME in EE008, NACE 62.01, 10-49 staff")
                        #expect(partnerForAnalyst.kind == .partnerOffer && partnerForAnalyst.region.country == "EE")
                        let forBroker: Tibs_Match_V1_FindMatchesResponse = try await estonian.unary(MatchMethods.findMatches, request)
                        #expect(forBroker.needs.first?.candidates.first { $0.id == "registry-lv/\(offer.id)" }?.owner == "Tartu Print OÜ")
                        let facilityCandidate = try #require(candidates.first { $0.id == "catalogue-fi/\(facility.id)" })
                        #expect(facilityCandidate.owner == provider.fields.name && facilityCandidate.score.crossBorder > 0)
                        // The programme was in its window on an earlier day.
                        let earlier: Tibs_Match_V1_FindMatchesResponse = try await analyst.unary(MatchMethods.findMatches, Tibs_Match_V1_FindMatchesRequest.with {
                            $0.needID = need.id
                            $0.onDate = "2026-06-01"
                        })
                        #expect(earlier.needs.first?.candidates.contains { $0.id == "catalogue-fi/\(closedProgramme.id)" } == true)
                        // Kinds filter.
                        let offersOnly: Tibs_Match_V1_FindMatchesResponse = try await analyst.unary(MatchMethods.findMatches, Tibs_Match_V1_FindMatchesRequest.with {
                            $0.needID = need.id
                            $0.kinds = [.partnerOffer]
                        })
                        #expect(offersOnly.needs.first?.candidates.map(\.id) == ["registry-lv/\(offer.id)"])
                        // A proposal keeps the candidate as scored now, and names the SMEs by teaser too.
                        let proposal = try replica.proposal(needID: need.id, candidateID: "registry-lv/\(offer.id)", on: try #require(CalendarDate("2027-03-02")))
                        #expect(proposal.smeName == "SIA Ranking Sensors" && proposal.smeTeaser == "an SME in LV006, NACE 62.01, 10-49 staff")
                        #expect(proposal.candidateOwnerTeaser == "an SME in EE008, NACE 62.01, 10-49 staff")
                        #expect(abs(proposal.scored.parts.total - partnerForAnalyst.score.total) < 1e-9)
                        await analyst.close()
                        await estonian.close()
                    }
                }
                await registryClient.close()
                await catalogueClient.close()
            }
        }
    }
}
