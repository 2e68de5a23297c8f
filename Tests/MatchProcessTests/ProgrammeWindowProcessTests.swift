import Foundation
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// A support programme whose call closes on day D, through the real tibs-match: FindMatches with
/// on_date D offers it, with on_date D + 1 it is gone, while a facility stays on both days.
@Suite(.serialized) struct ProgrammeWindowProcessTests {
    @Test func aProgrammeIsACandidateUpToItsClosingDayAndNotTheDayAfter() async throws {
        let closesOn = TibsctlMatchProcessTests.day(after: 30), dayAfter = TibsctlMatchProcessTests.day(after: 31)
        let (system, (lv, need, programme, facility)) = try await MatchSystem.start { writer in
            let (lv, need, provider) = try await writer.latvianNeedAndDanishProvider()
            let programme = try await writer.publishResource(provider.id, title: "Smart water metering pilot grant") {
                $0.kind = .supportProgramme
                $0.validity = .with { $0.closesOn = closesOn }
            }
            let facility = try await writer.publishResource(provider.id, title: "LoRaWAN water meter test-bed")
            return (lv, need, programme, facility)
        }
        do {
            try await system.waitUntilServing()
            try await system.waitForMatches(sme: lv.id, "both seeded resources") { answer in
                MatchProcessTests.candidates(answer, need: need.id)?.contains("catalogue/" + facility.id) ?? false
            }
            func candidates(on day: String) async throws -> [Tibs_Match_V1_Candidate] {
                let answer: Tibs_Match_V1_FindMatchesResponse = try await system.matchClient.unary(MatchSystem.findMatches, Tibs_Match_V1_FindMatchesRequest.with {
                    $0.needID = "registry/" + need.id
                    $0.onDate = day
                })
                #expect(answer.needs.count == 1 && answer.staleUpstreams.isEmpty)
                return answer.needs.first?.candidates ?? []
            }
            let open = try await candidates(on: closesOn)
            let offered = try #require(open.first { $0.id == "catalogue/" + programme.id }, "on its closing day: \(open.map(\.id))")
            #expect(offered.kind == .supportProgramme && offered.score.availability > 0)
            #expect(open.contains { $0.id == "catalogue/" + facility.id })

            let closed = try await candidates(on: dayAfter)
            #expect(!closed.contains { $0.id == "catalogue/" + programme.id }, "the day after it closed: \(closed.map(\.id))")
            #expect(closed.contains { $0.id == "catalogue/" + facility.id }, "a facility has no window")
            #expect(closed.map(\.rank) == Array(1...UInt32(closed.count)))
        } catch {
            await system.stop()
            throw error
        }
        await system.stop()
    }
}
