import Foundation
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// The match service as it runs: real registry, catalogue, policy and match processes
/// (``MatchSystem``). What the upstreams hold becomes matchable, what leaves them leaves the
/// answers, an upstream down is named stale and caught up after, and a SIGKILLed match service
/// resumes with exactly the upstreams' data.
@Suite(.serialized) struct MatchProcessTests {
    /// Candidate ids of one need in an answer; nil when the need is not in it.
    static func candidates(_ answer: Tibs_Match_V1_FindMatchesResponse, need needID: String) -> [String]? {
        answer.needs.first { $0.needID == "registry/" + needID }.map { $0.candidates.map(\.id) }
    }

    @Test func dataCreatedUpstreamBecomesMatchableAndWhatClosesOrRetiresDisappears() async throws {
        let (system, (lv, waterNeed, secondNeed, offer, ownOffer, testBed)) = try await MatchSystem.start { writer in
            let lv = try await writer.createSme(1, country: "LV", nuts: "LV008")
            let waterNeed = try await writer.addNeed(lv.id, title: "Smart water metering hardware partner")
            let secondNeed = try await writer.addNeed(lv.id, title: "Remote reading pilot for LoRaWAN water meters")
            let ownOffer = try await writer.addOffer(lv.id, title: "LoRaWAN water metering dashboards")
            let de = try await writer.createSme(2, country: "DE", nuts: "DE600")
            let offer = try await writer.addOffer(de.id, title: "LoRaWAN water meters with remote reading")
            let provider = try await writer.createProvider(1, country: "DK", nuts: "DK031")
            let testBed = try await writer.publishResource(provider.id, title: "LoRaWAN water meter test-bed")
            return (lv, waterNeed, secondNeed, offer, ownOffer, testBed)
        }
        do {
            try await system.waitUntilServing()
            let first = try await system.waitForMatches(sme: lv.id, "the seeded offer and resource to be matchable") { answer in
                Self.candidates(answer, need: waterNeed.id).map { Set($0).isSuperset(of: ["registry/" + offer.id, "catalogue/" + testBed.id]) } ?? false
            }
            #expect(first.staleUpstreams.isEmpty)
            let need = try #require(first.needs.first { $0.needID == "registry/" + waterNeed.id })
            #expect(need.smeID == "registry/" + lv.id)
            #expect(!need.candidates.map(\.id).contains("registry/" + ownOffer.id), "an SME is never matched with itself")
            let partner = try #require(need.candidates.first { $0.id == "registry/" + offer.id })
            #expect(partner.kind == .partnerOffer && partner.upstream == "registry" && partner.region.country == "DE")
            #expect(partner.score.crossBorder == 1 && partner.score.textRelevance > 0 && partner.score.total > 0)
            let resource = try #require(need.candidates.first { $0.id == "catalogue/" + testBed.id })
            #expect(resource.kind == .resource && resource.upstream == "catalogue" && resource.region.country == "DK")
            #expect(need.candidates.map(\.rank) == Array(1...UInt32(need.candidates.count)))

            // Written while the match service runs: a new offer in Finland becomes a candidate.
            let fi = try await system.writer.createSme(3, country: "FI", nuts: "FI1C4")
            let lateOffer = try await system.writer.addOffer(fi.id, title: "Remote reading gateways for LoRaWAN water meters")
            try await system.waitForMatches(sme: lv.id, "the offer created upstream to become matchable") { answer in
                Self.candidates(answer, need: waterNeed.id)?.contains("registry/" + lateOffer.id) ?? false
            }

            // A retired resource and a withdrawn offer leave every need's candidates.
            try await system.writer.retire(try await Self.current(testBed, system.catalogueClient))
            try await system.writer.withdrawOffer(offer)
            let after = try await system.waitForMatches(sme: lv.id, "the retired resource and the withdrawn offer to disappear") { answer in
                guard let ids = Self.candidates(answer, need: secondNeed.id) else { return false }
                return !ids.contains("catalogue/" + testBed.id) && !ids.contains("registry/" + offer.id)
            }
            #expect(Self.candidates(after, need: waterNeed.id)?.contains("catalogue/" + testBed.id) == false)
            #expect(Self.candidates(after, need: secondNeed.id)?.contains("registry/" + lateOffer.id) == true)

            // A closed need is no longer among the SME's open needs.
            try await system.writer.closeNeed(waterNeed)
            let closed = try await system.waitForMatches(sme: lv.id, "the closed need to disappear") { answer in
                Self.candidates(answer, need: waterNeed.id) == nil
            }
            #expect(closed.needs.map(\.needID) == ["registry/" + secondNeed.id])
        } catch {
            await system.stop()
            throw error
        }
        await system.stop()
    }

    @Test func withTheCatalogueKilledFindMatchesAnswersNamesItStaleAndCatchesUpAfterItsRestart() async throws {
        let (system, (lv, need, provider, testBed)) = try await MatchSystem.start { writer in
            let lv = try await writer.createSme(1, country: "LV", nuts: "LV008")
            let need = try await writer.addNeed(lv.id, title: "Smart water metering hardware partner")
            let provider = try await writer.createProvider(1, country: "DK", nuts: "DK031")
            let testBed = try await writer.publishResource(provider.id, title: "LoRaWAN water meter test-bed")
            return (lv, need, provider, testBed)
        }
        do {
            try await system.waitUntilServing()
            try await system.waitForMatches(sme: lv.id, "the resource to be matchable") { answer in
                (Self.candidates(answer, need: need.id)?.contains("catalogue/" + testBed.id) ?? false) && answer.staleUpstreams.isEmpty
            }

            await system.killCatalogue()
            let stale = try await system.waitForMatches(sme: lv.id, "the killed catalogue to be named stale") { answer in
                answer.staleUpstreams.contains("catalogue")
            }
            #expect(stale.staleUpstreams == ["catalogue"], "only the catalogue is down")
            let degraded: Tibs_Health_V1_HealthCheckResponse = try await system.matchClient.unary(MatchSystem.health, Tibs_Health_V1_HealthCheckRequest())
            #expect(degraded.status == .serving, "a stale upstream degrades the service, it does not take it out")
            #expect(degraded.detail.hasPrefix("followers: stale: catalogue (not connected"), "\(degraded.detail)")
            #expect(Self.candidates(stale, need: need.id)?.contains("catalogue/" + testBed.id) == true, "answers from what the replica has")

            try await system.restartCatalogue()
            let second = try await system.writer.publishResource(provider.id, title: "LoRaWAN gateway interoperability lab")
            let caughtUp = try await system.waitForMatches(sme: lv.id, "the replica to catch up with the restarted catalogue") { answer in
                (Self.candidates(answer, need: need.id)?.contains("catalogue/" + second.id) ?? false) && answer.staleUpstreams.isEmpty
            }
            #expect(Self.candidates(caughtUp, need: need.id)?.filter { $0.hasPrefix("catalogue/") }.sorted()
                    == ["catalogue/" + testBed.id, "catalogue/" + second.id].sorted())
            let healthy: Tibs_Health_V1_HealthCheckResponse = try await system.matchClient.unary(MatchSystem.health, Tibs_Health_V1_HealthCheckRequest())
            #expect(healthy.status == .serving && healthy.detail.isEmpty, "\(healthy.detail)")
        } catch {
            await system.stop()
            throw error
        }
        await system.stop()
    }

    @Test func aSIGKILLedMatchServiceResumesWithExactlyTheUpstreamsData() async throws {
        let (system, (lv, other, seededNeeds, seededOffers, seededResources)) = try await MatchSystem.start { writer in
            let lv = try await writer.createSme(1, country: "LV", nuts: "LV008")
            var needs: [Tibs_Registry_V1_Need] = [], offers: [Tibs_Registry_V1_Offer] = [], resources: [Tibs_Catalogue_V1_Resource] = []
            for index in 0..<3 { needs.append(try await writer.addNeed(lv.id, title: "Smart water metering partner \(index)")) }
            let other = try await writer.createSme(2, country: "DE", nuts: "DE600")
            for index in 0..<6 { offers.append(try await writer.addOffer(other.id, title: "LoRaWAN water meters, series \(index)")) }
            let provider = try await writer.createProvider(1, country: "DK", nuts: "DK031")
            for index in 0..<4 { resources.append(try await writer.publishResource(provider.id, title: "LoRaWAN water meter test-bed \(index)")) }
            return (lv, other, needs, offers, resources)
        }
        var needs = seededNeeds, offers = seededOffers, resources = seededResources
        /// Every open offer and published resource made here fits every need: exactly they are the candidates of each open need.
        @Sendable func exact(_ answer: Tibs_Match_V1_FindMatchesResponse, needs: Set<String>, candidates: Set<String>) -> Bool {
            Set(answer.needs.map(\.needID)) == needs && answer.needs.count == needs.count && answer.staleUpstreams.isEmpty
                && answer.needs.allSatisfy { $0.candidates.count == candidates.count && Set($0.candidates.map(\.id)) == candidates }
        }
        func expectedNeeds() -> Set<String> { Set(needs.map { "registry/" + $0.id }) }
        func expectedCandidates() -> Set<String> { Set(offers.map { "registry/" + $0.id } + resources.map { "catalogue/" + $0.id }) }
        do {
            try await system.waitUntilServing()
            let (needsBefore, candidatesBefore) = (expectedNeeds(), expectedCandidates())
            let before = try await system.waitForMatches(sme: lv.id, "every seeded candidate for every need") {
                exact($0, needs: needsBefore, candidates: candidatesBefore)
            }

            // SIGKILL and restart with nothing changed upstream: the same answer, score for score.
            await system.killMatch()
            try await system.restartMatch()
            // Its first answer, before its followers are back: from the index it loaded from its
            // file before it listened, never from an empty one.
            let first: Tibs_Match_V1_FindMatchesResponse = try await system.matchClient.unary(MatchSystem.findMatches, Tibs_Match_V1_FindMatchesRequest.with {
                $0.smeID = "registry/" + lv.id; $0.limit = 100
            })
            #expect(Set(first.needs.map(\.needID)) == needsBefore && first.needs.allSatisfy { Set($0.candidates.map(\.id)) == candidatesBefore },
                    "the first answer after a restart holds every candidate: \(MatchSystem.summary(first))")
            try await system.waitUntilServing()
            let restarted = try await system.waitForMatches(sme: lv.id, "the restarted replica to be current") { $0.staleUpstreams.isEmpty }
            #expect(restarted == before, "the rebuilt index answers as before the SIGKILL")

            // SIGKILL, then the upstreams change while it is down: it resumes from its cursors.
            await system.killMatch()
            try await system.writer.withdrawOffer(offers[0])
            offers.removeFirst()
            offers.append(try await system.writer.addOffer(other.id, title: "LoRaWAN water meters, series 6"))
            try await system.writer.retire(try await Self.current(resources[0], system.catalogueClient))
            resources.removeFirst()
            try await system.writer.closeNeed(needs[2])
            needs.removeLast()
            try await system.restartMatch()
            try await system.waitUntilServing()
            let (needsAfter, candidatesAfter) = (expectedNeeds(), expectedCandidates())
            let resumed = try await system.waitForMatches(sme: lv.id, "the replica to apply what changed while it was down") {
                exact($0, needs: needsAfter, candidates: candidatesAfter)
            }
            #expect(resumed.needs.map(\.needID).sorted() == needs.map { "registry/" + $0.id }.sorted())
            for need in resumed.needs { #expect(Set(need.candidates.map(\.id)).count == need.candidates.count, "no candidate twice") }
        } catch {
            await system.stop()
            throw error
        }
        await system.stop()
    }

    /// The resource as the catalogue holds it now (its version moves with each review step).
    static func current(_ resource: Tibs_Catalogue_V1_Resource, _ catalogue: RPCClient) async throws -> Tibs_Catalogue_V1_Resource {
        try await catalogue.unary(UpstreamWriter.catalogue + "GetResource", Tibs_Catalogue_V1_GetResourceRequest.with { $0.id = resource.id })
    }
}
