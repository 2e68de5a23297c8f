import Foundation
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// The match lifecycle through the real tibs-match: a proposal from a FindMatches candidate, a
/// step by the broker of the SME's region, an illegal jump refused, and the match as it was after
/// a SIGKILL and restart.
@Suite(.serialized) struct LifecycleProcessTests {
    static let service = "/tibs.match.v1.Matchmaking/"

    @Test func aMatchWalkedByTheNeedSidesBrokerSurvivesASIGKILL() async throws {
        let (system, (lv, need)) = try await MatchSystem.start { writer in
            let (lv, need, provider) = try await writer.latvianNeedAndDanishProvider()
            _ = try await writer.publishResource(provider.id, title: "LoRaWAN water meter test-bed")
            return (lv, need)
        }
        var broker = try system.matchClient(.broker, regions: ["LV008"], subject: "broker-lv")
        do {
            try await system.waitUntilServing()
            let answer = try await system.waitForMatches(sme: lv.id, "the seeded resource") { $0.needs.first?.candidates.isEmpty == false }
            let candidate = try #require(answer.needs.first?.candidates.first)

            let proposed: Tibs_Match_V1_Match = try await broker.unary(Self.service + "ProposeMatch", Tibs_Match_V1_ProposeMatchRequest.with {
                $0.needID = "registry/" + need.id; $0.candidateID = candidate.id; $0.note = "strong fit"
            })
            #expect(proposed.state == .proposed && proposed.version == 1 && proposed.transnational)
            #expect(proposed.candidate.score == candidate.score, "the candidate kept as it was scored")
            let shortlisted: Tibs_Match_V1_Match = try await broker.unary(Self.service + "AdvanceMatch", Tibs_Match_V1_AdvanceMatchRequest.with {
                $0.id = proposed.id; $0.expectedVersion = proposed.version; $0.to = .shortlisted; $0.note = "SME interested"
            })
            #expect(shortlisted.state == .shortlisted && shortlisted.version == 2)
            #expect(shortlisted.steps.map(\.to) == [.proposed, .shortlisted] && shortlisted.steps.allSatisfy { $0.actor == "broker-lv" && $0.actorSide == .need })

            do {
                let _: Tibs_Match_V1_Match = try await broker.unary(Self.service + "AdvanceMatch", Tibs_Match_V1_AdvanceMatchRequest.with {
                    $0.id = proposed.id; $0.expectedVersion = shortlisted.version; $0.to = .agreement
                })
                Issue.record("shortlisted → agreement was accepted")
            } catch let error as RPCError {
                #expect(error.code == .failedPrecondition, "\(error)")
                #expect(error.detail.contains("shortlisted") && error.detail.contains("agreement"), "names both states: \(error.detail)")
            }
            let before: Tibs_Match_V1_Match = try await broker.unary(Self.service + "GetMatch", Tibs_Match_V1_GetMatchRequest.with { $0.id = proposed.id })
            #expect(before == shortlisted, "the refused step changed nothing")

            await broker.close()
            await system.killMatch()
            try await system.restartMatch()
            try await system.waitUntilServing()
            broker = try system.matchClient(.broker, regions: ["LV008"], subject: "broker-lv")
            let restored: Tibs_Match_V1_Match = try await broker.unary(Self.service + "GetMatch", Tibs_Match_V1_GetMatchRequest.with { $0.id = proposed.id })
            #expect(restored == before, "state, version and history as before the SIGKILL")
            let listed: Tibs_Match_V1_ListMatchesResponse = try await broker.unary(Self.service + "ListMatches", Tibs_Match_V1_ListMatchesRequest.with {
                $0.smeID = "registry/" + lv.id
            })
            #expect(listed.matches == [before])
        } catch {
            await broker.close()
            await system.stop()
            throw error
        }
        await broker.close()
        await system.stop()
    }
}
