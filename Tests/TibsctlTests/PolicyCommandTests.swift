import Foundation
import Testing
import TIBSTestSupport
@testable import TIBSCtlKit

// The policy commands against a real tibs-policy process, set up with `tibsctl certs init` and
// `tibsctl token issue` as the catalogue's (RegistryServer with service "policy"). The service runs
// without --follow: no evidence, so the barrier and survey reports answer zeros with an empty sync.

let institutionFlags = ["--name", "Vidzeme Planning Region", "--kind", "regional-council", "--level", "regional", "--region", "LV008",
                        "--website", "https://vidzeme.example", "--contact-name", "Inese Kalniņa",
                        "--contact-email", "inese@vidzeme.example", "--consent"]

@Suite(.enabled(if: Binaries.exists("tibs-policy"), "needs the tibs-policy executable"))
struct PolicyCommandTests {
    /// Runs tibsctl with `token`, expecting success, and parses its JSON answer.
    func json(_ arguments: [String], _ policy: RegistryServer, token: String = "admin.token") async throws -> JSONValue {
        let run = try await Run.tibsctl(arguments + ["--json"], environment: policy.env(token))
        #expect(run.status == 0, "\(arguments): \(run.stdout)\(run.stderr)")
        return try JSONValue.parse(run.stdout)
    }

    func createInstitution(_ policy: RegistryServer) async throws -> String {
        try #require(try await json(["institution", "create"] + institutionFlags, policy)["id"]?.cell)
    }

    /// An issue raised by the Vidzeme broker and one letter on it to `institution`: (issue, action).
    func raiseIssueWithAction(_ policy: RegistryServer, institution: String) async throws -> (String, String) {
        let issue = try await json(["policy", "issue", "raise", "--barriers", "financing", "--regions", "LV008", "--title", "Export credit for micro firms",
                                    "--statement", "Micro SMEs name finance first", "--requested-change", "A regional export guarantee",
                                    "--evidence-from", "2025-01", "--evidence-to", "2025-12"], policy, token: "broker.token")
        let issueID = try #require(issue["id"]?.cell)
        let action = try await json(["policy", "action", "add", "--issue", issueID, "--institution", institution, "--kind", "letter",
                                     "--submitted-on", "2026-01-10", "--summary", "Letter to the council",
                                     "--document", "Letter|https://vidzeme.example/letter.pdf|VPR-2026/14", "--note", "sent by post"],
                                    policy, token: "broker.token")
        #expect(action["status"] == .string("ACTION_STATUS_SUBMITTED") && action["version"] == .string("1"), "\(action)")
        return (issueID, try #require(action["id"]?.cell))
    }

    @Test func institutionsAreCreatedListedUpdatedAndErased() async throws {
        try await withRegistry("policy") { policy in
            let id = try await createInstitution(policy)
            let shown = try await Run.tibsctl(["institution", "get", id], environment: policy.env())
            #expect(shown.status == 0 && shown.stdout.contains("Vidzeme Planning Region") && shown.stdout.contains("regional-council"),
                    "\(shown.stdout)\(shown.stderr)")
            #expect(shown.stdout.contains("inese@vidzeme.example"), "admins see the contact: \(shown.stdout)")
            let listed = try await Run.tibsctl(["institution", "list", "--country", "lv", "--level", "regional"], environment: policy.env())
            #expect(listed.stdout.contains(id) && listed.stderr.contains("1 of 1 shown"), "\(listed.stdout)\(listed.stderr)")
            let updated = try await json(["institution", "update", id, "--website", "https://vpr.example"], policy)
            #expect(updated[path: "fields", "website"] == .string("https://vpr.example") && updated["version"] == .string("2"), "\(updated)")
            let integrator = try await json(["institution", "get", id], policy, token: "integrator.token")
            #expect(integrator["contactsWithheld"] == .bool(true) && integrator[path: "fields", "contacts"] == nil, "\(integrator)")

            let refused = try await Run.tibsctl(["institution", "erase", id], environment: policy.env())
            #expect(refused.status == ExitStatus.usage.rawValue && refused.stderr.contains("--yes"), "\(refused.stderr)")
            let erased = try await json(["institution", "erase", id, "--yes"], policy)
            #expect(erased["contactsErased"] == .number("1"), "\(erased)")
            let after = try await Run.tibsctl(["institution", "get", id], environment: policy.env())
            #expect(!after.stdout.contains("inese@") && after.stdout.contains("erased"), "\(after.stdout)")
        }
    }

    @Test func strategyGetAnswersTheVersionInForceOnTheDate() async throws {
        try await withRegistry("policy") { policy in
            let first = try await json(["strategy", "set", "--region", "LV008", "--valid-from", "2021-01-01", "--valid-to", "2027-12-31",
                                        "--priority", "ict=0.8", "--priority", "bioeconomy=0.6", "--document-title", "Vidzeme RIS3 2021-2027",
                                        "--document-url", "https://vidzeme.example/ris3.pdf"], policy)
            let second = try await json(["strategy", "set", "--region", "LV008", "--valid-from", "2026-01-01",
                                         "--priority", "advanced-manufacturing=0.9", "--document-title", "Vidzeme RIS3 update", "--document-url", "https://vidzeme.example/ris3-2026.pdf"], policy)
            let before = try await json(["strategy", "get", "--region", "LV008", "--date", "2025-06-01"], policy)
            #expect(before["id"] == first["id"], "\(before)")
            let after = try await Run.tibsctl(["strategy", "get", "--region", "LV008", "--date", "2026-06-01"], environment: policy.env())
            #expect(after.status == 0 && after.stdout.contains(second["id"]?.cell ?? "?") && after.stdout.contains("advanced-manufacturing 0.9"),
                    "\(after.stdout)\(after.stderr)")
            let listed = try await Run.tibsctl(["strategy", "list", "--region", "LV008"], environment: policy.env())
            #expect(listed.stderr.contains("2 of 2 shown"), "every version is kept: \(listed.stdout)\(listed.stderr)")
            let badPriority = try await Run.tibsctl(["strategy", "set", "--region", "LV008", "--valid-from", "2026-01-01", "--priority", "ict"],
                                                    environment: policy.env())
            #expect(badPriority.status == ExitStatus.usage.rawValue && badPriority.stderr.contains("S3CODE=WEIGHT"), "\(badPriority.stderr)")
            let outOfRange = try await Run.tibsctl(["strategy", "set", "--region", "LV008", "--valid-from", "2026-01-01", "--priority", "ict=1.5"],
                                                   environment: policy.env())
            #expect(outOfRange.status == ExitStatus.invalidArgument.rawValue, "\(outOfRange.stderr)")
            let still = try await Run.tibsctl(["strategy", "list", "--region", "LV008"], environment: policy.env())
            #expect(still.stderr.contains("2 of 2 shown"), "nothing was added: \(still.stderr)")
        }
    }

    @Test func anActionWalksItsStepsAndAnIllegalStepNamesBothStatesAndChangesNothing() async throws {
        try await withRegistry("policy") { policy in
            let institution = try await createInstitution(policy)
            let (issueID, actionID) = try await raiseIssueWithAction(policy, institution: institution)
            let issue = try await Run.tibsctl(["policy", "issue", "get", issueID], environment: policy.env())
            #expect(issue.status == 0 && issue.stdout.contains("Export credit for micro firms") && issue.stdout.contains("evidence"),
                    "\(issue.stdout)\(issue.stderr)")
            let issues = try await Run.tibsctl(["policy", "issue", "list", "--region", "LV", "--barrier", "financing"], environment: policy.env())
            #expect(issues.stdout.contains(issueID) && issues.stderr.contains("1 of 1 shown"), "\(issues.stdout)\(issues.stderr)")

            let acknowledged = try await json(["policy", "action", "advance", actionID, "--to", "acknowledged", "--expected-version", "1",
                                               "--on", "2026-01-20", "--note", "received"], policy, token: "broker.token")
            #expect(acknowledged["status"] == .string("ACTION_STATUS_ACKNOWLEDGED") && acknowledged["version"] == .string("2"), "\(acknowledged)")

            let illegal = try await Run.tibsctl(["policy", "action", "advance", actionID, "--to", "adopted", "--expected-version", "2"],
                                                environment: policy.env("broker.token"))
            #expect(illegal.status == ExitStatus.serverError.rawValue && illegal.stderr.contains("FAILED_PRECONDITION"), "\(illegal.stderr)")
            let message = illegal.stderr.lowercased()
            #expect(message.contains("acknowledged") && message.contains("adopted"), "names the current and requested state: \(illegal.stderr)")
            let stale = try await Run.tibsctl(["policy", "action", "advance", actionID, "--to", "under-consideration", "--expected-version", "1"],
                                              environment: policy.env("broker.token"))
            #expect(stale.status == ExitStatus.serverError.rawValue && stale.stderr.contains("ABORTED"), "\(stale.stderr)")
            let unknown = try await Run.tibsctl(["policy", "action", "advance", actionID, "--to", "accepted", "--expected-version", "2"],
                                                environment: policy.env("broker.token"))
            #expect(unknown.status == ExitStatus.usage.rawValue && unknown.stderr.contains("under-consideration, adopted, partly-adopted"),
                    "\(unknown.stderr)")

            let listed = try await Run.tibsctl(["policy", "action", "list", "--issue", issueID, "--json"], environment: policy.env())
            let action = try #require(try JSONValue.parse(listed.jsonLines.first ?? "")["actions"].flatMap { value -> JSONValue? in
                if case .array(let items) = value { return items.first }
                return nil
            }, "\(listed.stdout)\(listed.stderr)")
            #expect(action["status"] == .string("ACTION_STATUS_ACKNOWLEDGED") && action["version"] == .string("2"), "unchanged: \(action)")
            let table = try await Run.tibsctl(["policy", "action", "list", "--status", "acknowledged"], environment: policy.env())
            #expect(table.stdout.contains(actionID) && table.stdout.contains("letter"), "\(table.stdout)\(table.stderr)")
        }
    }

    /// `report NAME FLAGS` in each format: `--json` is the RPC's answer (`call METHOD REQUEST`), the
    /// table and CSV print, and the HTML file parses as XML with the charts and numbers of that answer.
    func checkReport(_ name: String, _ flags: [String], _ method: String, _ request: String, _ policy: RegistryServer) async throws {
        let call = try await Run.tibsctl(["call", method, request], environment: policy.env() + ["TIBS_ADDRESS": policy.server.address])
        #expect(call.status == 0, "\(call.stderr)")
        let answer = try JSONValue.parse(call.stdout)
        let asJSON = try await json(["report", name] + flags, policy)
        #expect(asJSON == answer, "--json prints the RPC's answer")

        let table = try await Run.tibsctl(["report", name] + flags, environment: policy.env())
        #expect(table.status == 0 && !table.stdout.isEmpty, "\(table.stderr)")
        let csv = try await Run.tibsctl(["report", name, "--format", "csv"] + flags, environment: policy.env())
        #expect(csv.status == 0 && csv.stdout.split(separator: "\n").first?.contains(",") == true, "\(csv.stdout)\(csv.stderr)")

        let file = policy.folder.file("\(name).html")
        let html = try await Run.tibsctl(["report", name, "--format", "html", "--out", file] + flags, environment: policy.env())
        #expect(html.status == 0 && html.stdout.isEmpty && html.stderr.contains("wrote \(file)"), "\(html.stdout)\(html.stderr)")
        let page = PolicyReportXML.parse(policy.folder.read("\(name).html"))
        #expect(page.failure == nil, "\(name): \(page.failure ?? "")")
        #expect(page.charts.count == Self.expectedCharts(name, answer), "\(name): \(page.charts.count) charts")
        #expect(page.charts.flatMap { $0.map(\.value) } == Self.chartedNumbers(name, answer), "\(name): the bars carry the RPC's numbers")
    }

    @Test func theBarrierAndInfluenceReportsRenderInEachFormatAndTheHTMLNumbersEqualTheRPCsAnswer() async throws {
        try await withRegistry("policy") { policy in
            let institution = try await createInstitution(policy)
            let (_, actionID) = try await raiseIssueWithAction(policy, institution: institution)
            for (step, version) in [("acknowledged", "1"), ("under-consideration", "2"), ("partly-adopted", "3")] {
                _ = try await json(["policy", "action", "advance", actionID, "--to", step, "--expected-version", version, "--on", "2026-02-0\(version)"],
                                   policy, token: "broker.token")
            }
            try await checkReport("barriers", ["--from", "2025-01", "--to", "2025-12", "--region", "LV", "--size", "micro", "--group-by-level", "2", "--top", "5"],
                                  "GetBarrierReport",
                                  #"{"period": {"fromMonth": "2025-01", "toMonth": "2025-12"}, "filter": {"region": "LV", "sizeClass": "SIZE_CLASS_MICRO"}, "groupByLevel": 2, "top": 5}"#,
                                  policy)
            try await checkReport("influence", ["--region", "LV008"], "GetInfluenceReport", #"{"region": "LV008"}"#, policy)
            let rate = try await json(["report", "influence"], policy)[path: "institutions"]
            #expect(rate?.cell.contains("\"adoptionRate\":0.5") == true, "one partly adopted action of one final: \(rate?.cell ?? "-")")
        }
    }

    /// GetSurveyReport is policy-evidence's (H2): this passes once that branch is merged too.
    @Test func theSurveyReportRendersInEachFormatWithOneChartPerQuestion() async throws {
        try await withRegistry("policy") { policy in
            try await checkReport("survey", ["--from", "2025-01", "--to", "2025-12", "--every-survey", "--breakdown", "region,size_class"],
                                  "GetSurveyReport",
                                  #"{"period": {"fromMonth": "2025-01", "toMonth": "2025-12"}, "everySurvey": true, "breakdown": ["region", "size_class"]}"#,
                                  policy)
        }
    }

    /// The charts each page draws for `answer`: two per barrier group, two for influence, one per question.
    static func expectedCharts(_ name: String, _ answer: JSONValue) -> Int {
        switch name {
        case "barriers": 2 * (1 + items(answer["regions"]).count)
        case "influence": 2
        default: items(answer["questions"]).count + items(answer["breakdowns"]).map { items($0["questions"]).count }.reduce(0, +)
        }
    }

    /// The numbers the bars carry, in page order, read from the RPC's JSON answer.
    static func chartedNumbers(_ name: String, _ answer: JSONValue) -> [Double] {
        func number(_ value: JSONValue?) -> Double { Double(value?.cell ?? "0") ?? 0 }
        switch name {
        case "barriers":
            let groups = [items(answer["barriers"])] + items(answer["regions"]).map { items($0["barriers"]) }
            return groups.flatMap { group in group.map { number($0["share"]) } + group.map { number($0["shareChange"]) } }
        case "influence":
            return items(answer["institutions"]).map { number($0[path: "figures", "adoptionRate"]) }
                + items(answer["regions"]).map { number($0[path: "figures", "adoptionRate"]) }
        default:
            let questions = items(answer["questions"]) + items(answer["breakdowns"]).flatMap { items($0["questions"]) }
            return questions.flatMap { items($0["answers"]).map { number($0["share"]) } }
        }
    }

    static func items(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let items)? = value { return items }
        return []
    }

    @Test func usageErrorsNameTheProblemAndTheAddressComesFromItsOwnSettings() async throws {
        try await withRegistry("policy") { policy in
            let noPeriod = try await Run.tibsctl(["report", "barriers"], environment: policy.env())
            #expect(noPeriod.status == ExitStatus.usage.rawValue && noPeriod.stderr.contains("--from"), "\(noPeriod.stderr)")
            let badFormat = try await Run.tibsctl(["report", "influence", "--format", "pdf"], environment: policy.env())
            #expect(badFormat.status == ExitStatus.usage.rawValue && badFormat.stderr.contains("pdf"), "\(badFormat.stderr)")
            let badSize = try await Run.tibsctl(["report", "survey", "--from", "2025-01", "--to", "2025-12", "--size", "huge"], environment: policy.env())
            #expect(badSize.status == ExitStatus.usage.rawValue && badSize.stderr.contains("--size: 'huge' is not one of micro, small, medium"),
                    "\(badSize.stderr)")
            let badKind = try await Run.tibsctl(["institution", "create", "--name", "X", "--kind", "parliament"], environment: policy.env())
            #expect(badKind.status == ExitStatus.usage.rawValue && badKind.stderr.contains("regional-council"), "\(badKind.stderr)")
            let noAddress = try await Run.tibsctl(["institution", "list"], environment: ["TIBS_ADDRESS": policy.server.address])
            #expect(noAddress.status == ExitStatus.usage.rawValue && noAddress.stderr.contains("TIBS_POLICY_ADDRESS"), "\(noAddress.stderr)")
            let endpoints = policy.folder.write("endpoints.json", #"{"registry": "127.0.0.1:1", "policy": "\#(policy.server.address)"}"#)
            var env = policy.env()
            env["TIBS_POLICY_ADDRESS"] = nil
            env["TIBS_ENDPOINTS"] = endpoints
            let listed = try await Run.tibsctl(["institution", "list"], environment: env)
            #expect(listed.status == 0 && listed.stderr.contains("0 of 0 shown"), "nothing was created: \(listed.stdout)\(listed.stderr)")
        }
    }
}

extension Dictionary where Key == String, Value == String {
    static func + (left: Self, right: Self) -> Self { left.merging(right) { _, new in new } }
}
