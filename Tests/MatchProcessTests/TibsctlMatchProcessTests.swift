import Foundation
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// tibsctl's match commands, the built binary, against the real tibs-match: the table of the
/// seeded need's best candidate, a proposal, a legal and an illegal step (FAILED_PRECONDITION is
/// exit status 8 with both states named), the list, the overdue list and the flows CSV.
@Suite(.serialized, .enabled(if: Binaries.exists("tibsctl"), "needs the tibsctl executable"))
struct TibsctlMatchProcessTests {
    /// tibsctl's exit status for a server status other than the mapped ones (docs/tibsctl.md).
    static let otherServerStatus: Int32 = 8

    @Test func theMatchCommandsWalkAMatchOnTheRealService() async throws {
        let (system, (lv, need)) = try await MatchSystem.start { writer in
            let (lv, need, provider) = try await writer.latvianNeedAndDanishProvider()
            _ = try await writer.publishResource(provider.id, title: "LoRaWAN water meter test-bed")
            let de = try await writer.createSme(2, country: "DE", nuts: "DE600")
            _ = try await writer.addOffer(de.id, title: "LoRaWAN water meters")
            return (lv, need)
        }
        let broker = system.tibsctlEnvironment(.broker, regions: ["LV008"], subject: "broker-lv")
        let admin = system.tibsctlEnvironment(.admin)
        do {
            try await system.waitUntilServing()
            let answer = try await system.waitForMatches(sme: lv.id, "both seeded candidates") { answer in
                answer.needs.first?.candidates.count == 2 && answer.staleUpstreams.isEmpty
            }
            let best = try #require(answer.needs.first?.candidates.first)

            let find = try await Run.tibsctl(["match", "find", "registry/" + lv.id], environment: broker)
            #expect(find.status == 0, "\(find.stdout)\(find.stderr)")
            #expect(find.stdout.contains(need.fields.title) && find.stdout.contains("2 candidates"), "\(find.stdout)")
            let first = find.stdout.split(separator: "\n").first { $0.hasPrefix("1 ") }.map(String.init) ?? ""
            #expect(first.contains(best.title) && first.hasSuffix(best.id), "rank 1 is the best candidate: \(find.stdout)")
            #expect(first.contains(String(format: "%.3f", best.score.total)), "\(first)")

            let propose = try await Run.tibsctl(["match", "propose", "--need", "registry/" + need.id, "--candidate", best.id,
                                                 "--note", "process test"], environment: broker)
            #expect(propose.status == 0 && propose.stdout.contains("proposed") && propose.stdout.contains("[\(best.id)]"),
                    "\(propose.stdout)\(propose.stderr)")
            let listed: Tibs_Match_V1_ListMatchesResponse = try await system.matchClient.unary(
                "/tibs.match.v1.Matchmaking/ListMatches", Tibs_Match_V1_ListMatchesRequest.with { $0.needID = "registry/" + need.id })
            let match = try #require(listed.matches.first)
            #expect(listed.matches.count == 1 && match.state == .proposed && match.candidate.id == best.id && match.proposedBy == "broker-lv")

            let advance = try await Run.tibsctl(["match", "advance", match.id, "--to", "shortlisted", "--expected-version", String(match.version)],
                                                environment: broker)
            #expect(advance.status == 0 && advance.stdout.contains("shortlisted"), "\(advance.stdout)\(advance.stderr)")
            let illegal = try await Run.tibsctl(["match", "advance", match.id, "--to", "agreement", "--expected-version", String(match.version + 1)],
                                                environment: broker)
            #expect(illegal.status == Self.otherServerStatus, "\(illegal.status) \(illegal.stdout)\(illegal.stderr)")
            #expect(illegal.stderr.contains("FAILED_PRECONDITION") && illegal.stderr.contains("shortlisted") && illegal.stderr.contains("agreement"),
                    "\(illegal.stderr)")
            let after: Tibs_Match_V1_Match = try await system.matchClient.unary("/tibs.match.v1.Matchmaking/GetMatch",
                                                                                Tibs_Match_V1_GetMatchRequest.with { $0.id = match.id })
            #expect(after.state == .shortlisted && after.version == match.version + 1, "the illegal step changed nothing")

            let list = try await Run.tibsctl(["match", "list", "--need", "registry/" + need.id], environment: broker)
            #expect(list.status == 0 && list.stdout.contains(match.id) && list.stdout.contains("shortlisted"), "\(list.stdout)\(list.stderr)")

            // Ten working days to respond: sixty days on, the candidate side is late.
            let later = Self.day(after: 60)
            let overdue = try await Run.tibsctl(["match", "overdue", "--on", later], environment: admin)
            #expect(overdue.status == 0 && overdue.stdout.contains(match.id), "\(overdue.stdout)\(overdue.stderr)")
            let onTime = try await Run.tibsctl(["match", "overdue", "--on", Self.day(after: 0)], environment: admin)
            #expect(onTime.status == 0 && !onTime.stdout.contains(match.id), "not late today: \(onTime.stdout)\(onTime.stderr)")

            let csv = try await Run.tibsctl(["report", "flows", "--format", "csv"], environment: admin)
            #expect(csv.status == 0, "\(csv.stdout)\(csv.stderr)")
            let lines = csv.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("kind,from_region,to_region,name,matches,introductions,agreements") == true, "\(csv.stdout)")
            let flow = "flow,LV00,\(best.region.nutsCode.prefix(4)),,1,0,0"
            #expect(lines.contains { $0.hasPrefix(flow) }, "one LV00 → \(best.region.nutsCode.prefix(4)) match: \(csv.stdout)")
        } catch {
            await system.stop()
            throw error
        }
        await system.stop()
    }

    /// YYYY-MM-DD, `days` from today (UTC).
    static func day(after days: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date().addingTimeInterval(Double(days) * 86_400))
    }
}
