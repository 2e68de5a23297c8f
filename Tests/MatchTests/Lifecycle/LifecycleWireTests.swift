import Foundation
import Testing
import TIBSIdentity
import TIBSMatch
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// The lifecycle's methods over TLS: each answer and each refusal's status.
@Suite struct LifecycleWireTests {
    static func status<Response>(_ call: () async throws -> Response) async -> StatusCode? {
        do {
            _ = try await call()
            return .ok
        } catch let error as RPCError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test func theHandlersAnswerWithTheProtocolsStatuses() async throws {
        let clock = DayClock("2026-03-02")
        try await withService(Lifecycle.definition(), clock: { clock.now() }) { service in
            let lv = try service.client(.broker, regions: ["LV006"], subject: "broker-lv")
            let lt = try service.client(.broker, regions: ["LT011"], subject: "broker-lt")
            let pl = try service.client(.broker, regions: ["PL84"], subject: "broker-pl")
            let analyst = try service.client(.analyst)
            let propose = Tibs_Match_V1_ProposeMatchRequest.with {
                $0.needID = FixedDirectory.needID
                $0.candidateID = FixedDirectory.offerID
            }
            let created: Tibs_Match_V1_Match = try await lv.unary(MatchMethods.proposeMatch, propose, metadata: ["idempotency-key": "p-1"])
            let replayed: Tibs_Match_V1_Match = try await lv.unary(MatchMethods.proposeMatch, propose, metadata: ["idempotency-key": "p-1"])
            #expect(replayed.id == created.id && created.state == .proposed && created.awaiting == .candidate && created.respondBy == "2026-03-16")
            #expect(created.transnational && created.candidate.score.total == 0.55)
            #expect(await Self.status { try await lv.unary(MatchMethods.proposeMatch, propose) as Tibs_Match_V1_Match } == .alreadyExists)
            #expect(await Self.status { try await pl.unary(MatchMethods.proposeMatch, propose) as Tibs_Match_V1_Match } == .permissionDenied)
            #expect(await Self.status { try await analyst.unary(MatchMethods.proposeMatch, propose) as Tibs_Match_V1_Match } == .permissionDenied)

            let seen: Tibs_Match_V1_Match = try await lt.unary(MatchMethods.getMatch, Tibs_Match_V1_GetMatchRequest.with { $0.id = created.id })
            #expect(seen.teaser && seen.smeName.isEmpty && !seen.smeTeaser.isEmpty)
            #expect(await Self.status { try await lt.unary(MatchMethods.getMatch, Tibs_Match_V1_GetMatchRequest.with { $0.id = "x" }) as Tibs_Match_V1_Match }
                    == .invalidArgument)

            func advance(_ to: Tibs_Match_V1_MatchState, version: UInt64, consent: Bool = false) -> Tibs_Match_V1_AdvanceMatchRequest {
                .with {
                    $0.id = created.id
                    $0.expectedVersion = version
                    $0.to = to
                    if consent { $0.consent = .with { $0.givenBy = "CEO"; $0.givenOn = "2026-03-02" } }
                }
            }
            #expect(await Self.status { try await lt.unary(MatchMethods.advanceMatch, advance(.agreement, version: 1)) as Tibs_Match_V1_Match }
                    == .failedPrecondition)
            #expect(await Self.status { try await lt.unary(MatchMethods.advanceMatch, advance(.shortlisted, version: 7)) as Tibs_Match_V1_Match }
                    == .aborted)
            #expect(await Self.status { try await lt.unary(MatchMethods.advanceMatch, advance(.shortlisted, version: 0)) as Tibs_Match_V1_Match }
                    == .invalidArgument)
            let shortlisted: Tibs_Match_V1_Match = try await lt.unary(MatchMethods.advanceMatch, advance(.shortlisted, version: 1))
            #expect(shortlisted.steps.last?.actorSide == .candidate && shortlisted.awaiting == .need)
            #expect(await Self.status { try await lv.unary(MatchMethods.advanceMatch, advance(.introduced, version: 2)) as Tibs_Match_V1_Match }
                    == .failedPrecondition)
            let introduced: Tibs_Match_V1_Match = try await lv.unary(MatchMethods.advanceMatch, advance(.introduced, version: 2, consent: true))
            #expect(introduced.consent.givenBy == "CEO" && introduced.consent.recordedBy == "broker-lv")
            let after: Tibs_Match_V1_Match = try await lt.unary(MatchMethods.getMatch, Tibs_Match_V1_GetMatchRequest.with { $0.id = created.id })
            #expect(!after.teaser && after.smeName == FixedDirectory.smeName)

            let outcome = Tibs_Match_V1_RecordOutcomeRequest.with {
                $0.id = created.id
                $0.expectedVersion = 3
                $0.outcome = .with { $0.success = true }
            }
            #expect(await Self.status { try await lv.unary(MatchMethods.recordOutcome, outcome) as Tibs_Match_V1_Match } == .failedPrecondition)
            let followUp = Tibs_Match_V1_RecordFollowUpRequest.with { $0.id = created.id; $0.expectedVersion = 3; $0.months = 5 }
            #expect(await Self.status { try await lv.unary(MatchMethods.recordFollowUp, followUp) as Tibs_Match_V1_Match } == .invalidArgument)

            let listed: Tibs_Match_V1_ListMatchesResponse = try await analyst.unary(MatchMethods.listMatches,
                                                                                     Tibs_Match_V1_ListMatchesRequest.with { $0.region = "LT" })
            #expect(listed.matches.map(\.id) == [created.id] && listed.page.totalSize == 1 && listed.matches.first?.teaser == true)
            #expect(await Self.status { try await analyst.unary(MatchMethods.listMatches, Tibs_Match_V1_ListMatchesRequest.with { $0.region = "XX9" })
                as Tibs_Match_V1_ListMatchesResponse } == .invalidArgument)
            let overdue: Tibs_Match_V1_ListOverdueResponse = try await analyst.unary(MatchMethods.listOverdue,
                                                                                      Tibs_Match_V1_ListOverdueRequest.with { $0.onDate = "2026-03-20" })
            #expect(overdue.overdue.map(\.awaiting) == [.candidate] && overdue.overdue.first?.brokers == ["broker-lt", "broker-lt2"])
            #expect(overdue.overdue.first?.workingDaysLate == 4)
            #expect(await Self.status { try await analyst.unary(MatchMethods.listOverdue, Tibs_Match_V1_ListOverdueRequest.with { $0.onDate = "20-03" })
                as Tibs_Match_V1_ListOverdueResponse } == .invalidArgument)
            let due: Tibs_Match_V1_ListFollowUpsDueResponse = try await analyst.unary(MatchMethods.listFollowUpsDue, Tibs_Match_V1_ListFollowUpsDueRequest())
            #expect(due.due.isEmpty)

            let report: Tibs_Match_V1_FlowReport = try await analyst.unary(MatchMethods.getFlowReport,
                                                                           Tibs_Match_V1_GetFlowReportRequest.with { $0.regionLevel = 0 })
            #expect(report.flows.map { "\($0.fromRegion)>\($0.toRegion)" } == ["LV>LT"] && report.total.introduced == 1 && report.to == "2026-03-02")
            for bad in [Tibs_Match_V1_GetFlowReportRequest.with { $0.regionLevel = 4 },
                        .with { $0.from = "2026-04-01"; $0.to = "2026-03-01" }, .with { $0.from = "2026-13-01" }] {
                #expect(await Self.status { try await analyst.unary(MatchMethods.getFlowReport, bad) as Tibs_Match_V1_FlowReport } == .invalidArgument)
            }
            for client in [lv, lt, pl, analyst] { await client.close() }
        }
    }
}
