import Foundation
import NIOConcurrencyHelpers
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport
@testable import TIBSCtlKit

// The match commands through the tibsctl binary against a stand-in Matchmaking server (the real
// tibs-match is wired by the service's own process tests): the command finds the service by
// TIBS_MATCH_ADDRESS, reads its descriptors, sends the request its flags say, and renders the
// typed answer — the SME fallback, the stale warning on standard error, the server's refusals as
// exit statuses, the flows report written as a file whose numbers are the report's.

/// A Matchmaking stand-in: FindMatches knows need "need-1" and SME "sme-1" (no need has that id);
/// AdvanceMatch refuses as an illegal step; GetFlowReport answers the sample report; ProposeMatch
/// answers a proposed match and records the idempotency key; WatchNewCandidates streams three
/// alerts. It records every FindMatches request it got.
final class StandInMatch: Sendable {
    let requests = NIOLockedValueBox<[Tibs_Match_V1_FindMatchesRequest]>([])
    let idempotencyKeys = NIOLockedValueBox<[String]>([])

    static func alert(_ index: Int) -> Tibs_Match_V1_CandidateAlert {
        var alert = Tibs_Match_V1_CandidateAlert()
        alert.needID = "registry-lv/need-\(index)"
        alert.needTitle = "Need \(index)"
        alert.candidate = sampleFindAnswer().needs[0].candidates[index % 2]
        alert.detectedAt = .init(seconds: 1_772_000_000 + Int64(index))
        alert.upstreamSequence = UInt64(100 + index)
        return alert
    }

    var router: RPCRouter {
        var router = RPCRouter()
        let path = ServiceEndpoint.match.servicePath
        router.unary(path + "FindMatches", access: .authenticated) { [self] (request: Tibs_Match_V1_FindMatchesRequest, _) -> Tibs_Match_V1_FindMatchesResponse in
            requests.withLockedValue { $0.append(request) }
            if !request.needID.isEmpty, !request.smeID.isEmpty {
                throw RPCError(.invalidArgument, "exactly one of need_id and sme_id", violations: [Violation(field: "need_id", description: "give need_id or sme_id, not both")])
            }
            var answer = sampleFindAnswer(stale: ["catalogue-lt"])
            if request.needID == "need-1" {
                answer.needs = [answer.needs[0]]
                return answer
            }
            guard request.smeID == "sme-1" else { throw RPCError(.notFound, "no need or SME \(request.needID)\(request.smeID)") }
            answer.staleUpstreams = []
            return answer
        }
        router.unary(path + "AdvanceMatch", access: .authenticated) { (request: Tibs_Match_V1_AdvanceMatchRequest, _) -> Tibs_Match_V1_Match in
            throw RPCError(.failedPrecondition, "match \(request.id) is proposed: it cannot move to agreement")
        }
        router.unary(path + "ProposeMatch", access: .authenticated) { [self] (request: Tibs_Match_V1_ProposeMatchRequest, context) -> Tibs_Match_V1_Match in
            idempotencyKeys.withLockedValue { $0.append(context.idempotencyKey ?? "-") }
            var match = Tibs_Match_V1_Match()
            match.id = "0193-m"
            match.needID = request.needID
            match.state = .proposed
            match.candidate = sampleFindAnswer().needs[0].candidates[0]
            match.candidate.id = request.candidateID
            match.smeTeaser = "an SME in LV008, NACE 62.01, 10-49 staff"
            match.smeName = "Valmiera Sensors SIA"
            match.version = 1
            match.steps = [.with { $0.to = .proposed; $0.actor = "test-user"; $0.actorSide = .need; $0.note = request.note }]
            return match
        }
        router.serverStreaming(path + "WatchNewCandidates", access: .authenticated) { (_: Tibs_Match_V1_WatchNewCandidatesRequest, writer: ResponseWriter<Tibs_Match_V1_CandidateAlert>, _) in
            for index in 0..<3 { try await writer.send(Self.alert(index)) }
        }
        router.unary(path + "GetFlowReport", access: .authenticated) { (_: Tibs_Match_V1_GetFlowReportRequest, _) in sampleFlowReport() }
        return router
    }
}

@Suite(.enabled(if: Binaries.exists("tibsctl"), "needs the tibsctl executable"))
struct MatchCommandTests {
    func withStandIn(_ body: (StandInMatch, [String: String]) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tibsctl-match-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ca = directory.appendingPathComponent("ca.pem")
        try Data(TestPKI.shared.ca.certificatePEM.utf8).write(to: ca)
        let standIn = StandInMatch()
        try await withTestServer(router: standIn.router) { _, port in
            try await body(standIn, ["TIBS_MATCH_ADDRESS": "127.0.0.1:\(port)", "TIBS_CA": ca.path, "TIBS_TOKEN": TestPKI.shared.token(.admin),
                                     "TIBS_SERVER_NAME": "localhost", "HOME": directory.path, "OUT_DIR": directory.path])
        }
    }

    @Test func findPrintsTheTableAndTheStaleWarningOnStandardError() async throws {
        try await withStandIn { standIn, environment in
            let run = try await Run.tibsctl(["match", "find", "need-1", "--explain", "--kinds", "partner", "--limit", "5"], environment: environment)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            var expected = sampleFindAnswer(stale: ["catalogue-lt"])
            expected.needs = [expected.needs[0]]
            #expect(run.stdout == MatchFindView.render(expected, explain: true) + "\n", "\(run.stdout)")
            #expect(run.stderr == "warning: stale upstreams (answered from what the replica had): catalogue-lt\n", "\(run.stderr)")
            let sent = try #require(standIn.requests.withLockedValue { $0.first })
            #expect(sent.needID == "need-1" && sent.kinds == [.partnerOffer] && sent.limit == 5 && sent.smeID.isEmpty)
        }
    }

    @Test func anIdNoNeedHasIsTriedAsAnSMEsAndJSONIsTheServersAnswer() async throws {
        try await withStandIn { standIn, environment in
            let run = try await Run.tibsctl(["match", "find", "sme-1", "--format", "json"], environment: environment)
            #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stdout)\(run.stderr)")
            let answer = try Tibs_Match_V1_FindMatchesResponse(jsonString: run.stdout)
            #expect(answer.needs.count == 2 && answer.needs[0].candidates.count == 2 && answer.staleUpstreams.isEmpty)
            #expect(standIn.requests.withLockedValue { $0.map { [$0.needID, $0.smeID] } } == [["sme-1", ""], ["", "sme-1"]], "need first, then the SME")

            let unknown = try await Run.tibsctl(["match", "find", "nobody", "--sme"], environment: environment)
            #expect(unknown.status == ExitStatus.notFound.rawValue, "\(unknown.stdout)\(unknown.stderr)")
            #expect(standIn.requests.withLockedValue { $0.last?.smeID } == "nobody", "--sme asks for the SME at once")
        }
    }

    @Test func theServersRefusalsAreExitStatusesAndBadFlagsNeverReachIt() async throws {
        try await withStandIn { standIn, environment in
            let illegal = try await Run.tibsctl(["match", "advance", "0193-m", "--to", "agreement", "--expected-version", "1"], environment: environment)
            #expect(illegal.status == ExitStatus.serverError.rawValue && illegal.stderr.contains("cannot move to agreement"), "\(illegal.stderr)")
            let usage = try await Run.tibsctl(["match", "find", "need-1", "--min-trl", "12"], environment: environment)
            #expect(usage.status == ExitStatus.usage.rawValue && usage.stderr.contains("--min-trl: 12 is not a TRL"), "\(usage.stderr)")
            #expect(standIn.requests.withLockedValue { $0.isEmpty }, "refused before any call")
        }
    }

    @Test func reportFlowsWritesOneHTMLFileWithTheReportsNumbers() async throws {
        try await withStandIn { _, environment in
            let out = try #require(environment["OUT_DIR"]) + "/flows.html"
            let run = try await Run.tibsctl(["report", "flows", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "html", "--out", out],
                                            environment: environment)
            #expect(run.status == 0 && run.stderr.contains("wrote"), "\(run.stdout)\(run.stderr)")
            let page = MatchReportXML.parse(try String(contentsOfFile: out, encoding: .utf8))
            #expect(page.failure == nil, "\(page.failure ?? "")")
            #expect(page.cells.filter { $0.matches > 0 }.map(\.matches) == sampleFlowReport().flows.map(\.matches))
            #expect(page.funnels.first?.map(\.value) == FlowReportView.counts(sampleFlowReport().total))
            let csv = try await Run.tibsctl(["report", "flows", "--format", "csv"], environment: environment)
            #expect(csv.status == 0 && csv.stdout == FlowReportView.csv(sampleFlowReport()), "\(csv.stdout)\(csv.stderr)")
        }
    }

    @Test func proposeSendsTheIdempotencyKeyAndPrintsTheMatch() async throws {
        try await withStandIn { standIn, environment in
            let run = try await Run.tibsctl(["match", "propose", "--need", "registry-lv/need-1", "--candidate", "registry-lt/offer-1",
                                             "--note", "strong fit", "--idempotency-key", "k-1"], environment: environment)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("proposed") && run.stdout.contains("[registry-lt/offer-1]") && run.stdout.contains("Valmiera Sensors SIA"),
                    "\(run.stdout)")
            #expect(run.stdout.contains("by test-user (need side): strong fit"), "\(run.stdout)")
            #expect(standIn.idempotencyKeys.withLockedValue { $0 } == ["k-1"])
        }
    }

    @Test func watchPrintsOneLinePerAlertUpToTheLimit() async throws {
        try await withStandIn { _, environment in
            let run = try await Run.tibsctl(["match", "watch", "--regions", "lv008", "--limit", "2"], environment: environment)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout == [StandInMatch.alert(0), StandInMatch.alert(1)].map(MatchView.alert).joined(separator: "\n") + "\n", "\(run.stdout)")
            let json = try await Run.tibsctl(["match", "watch", "--json"], environment: environment)
            // A failed run must fail the test, not crash the test process on a missing line.
            try #require(json.status == 0 && json.jsonLines.count == 3, "\(json.stdout)\(json.stderr)")
            #expect(try Tibs_Match_V1_CandidateAlert(jsonString: json.jsonLines[2]) == StandInMatch.alert(2))
        }
    }
}
