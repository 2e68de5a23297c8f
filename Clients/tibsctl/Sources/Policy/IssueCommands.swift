import ArgumentParser

/// `tibsctl policy issue …` and `tibsctl policy action …`: the issues brokers raise from the barrier
/// evidence for their regions, and the influence actions that take them to institutions.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Policy issues raised from the barrier evidence, and the influence actions on them.",
        subcommands: [IssueCommand.self, ActionCommand.self])
}

struct IssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue", abstract: "Raise and read policy issues (brokers write for their regions).",
        subcommands: [IssueRaise.self, IssueGet.self, IssueList.self])
}

enum IssueTable {
    static func rows(_ issues: [JSONValue]) -> Table {
        Table(header: ["ID", "TITLE", "BARRIERS", "REGIONS", "RAISED", "ACTIONS", "OPEN", "VERSION"], rows: issues.map { issue in
            let fields = issue["fields"] ?? .object([])
            return [issue["id"]?.cell ?? "-", fields["title"]?.cell ?? "-", codeList(fields["barriers"]), fields["regions"]?.cell ?? "-",
                    String((issue["raisedAt"]?.cell ?? "-").prefix(10)), issue["actions"]?.cell ?? "0", issue["openActions"]?.cell ?? "0",
                    issue["version"]?.cell ?? "-"]
        }, maxCell: 48)
    }

    /// One issue with its frozen evidence: the period, the surveys and each barrier's count and share.
    static func detail(_ issue: JSONValue) -> Table {
        let fields = issue["fields"] ?? .object([])
        var rows: [[String]] = [
            ["id", issue["id"]?.cell ?? "-"], ["title", fields["title"]?.cell ?? "-"],
            ["barriers", codeList(fields["barriers"])], ["regions", fields["regions"]?.cell ?? "-"],
            ["statement", fields["statement"]?.cell ?? "-"], ["requested change", fields["requestedChange"]?.cell ?? "-"],
            ["raised", "\(issue["raisedAt"]?.cell ?? "-") by \(issue["raisedBy"]?.cell ?? "-")"],
            ["actions", "\(issue["actions"]?.cell ?? "0") (\(issue["openActions"]?.cell ?? "0") open)"],
        ]
        if let report = issue[path: "evidence", "report"] {
            rows.append(["evidence", "\(report[path: "period", "fromMonth"]?.cell ?? "?")..\(report[path: "period", "toMonth"]?.cell ?? "?"): "
                         + "\(report["surveysInPeriod"]?.cell ?? "0") surveys (previous period \(report["previousSurveysInPeriod"]?.cell ?? "0"))"])
            if case .array(let counts)? = report["barriers"] {
                for count in counts {
                    rows.append(["  " + (count[path: "barrier", "code"]?.cell ?? "?"),
                                 "\(count["surveys"]?.cell ?? "0") surveys, \(percent(count["share"]))"])
                }
            }
            rows.append(["evidence taken", issue[path: "evidence", "takenAt"]?.cell ?? "-"])
        }
        rows.append(["version", issue["version"]?.cell ?? "-"])
        return Table(header: ["FIELD", "VALUE"], rows: rows, maxCell: 100)
    }

    static func codeList(_ value: JSONValue?) -> String {
        guard case .array(let items)? = value else { return "-" }
        return items.compactMap { $0["code"]?.cell }.joined(separator: ",")
    }

    /// A JSON share (0..1) as "12.5%".
    static func percent(_ value: JSONValue?) -> String {
        ReportNumber.percent(Double(value?.cell ?? "0") ?? 0)
    }
}

struct IssueRaise: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raise", abstract: "Raise a policy issue; the barrier report of --evidence-from..--evidence-to is frozen into it.",
        discussion: "Brokers may raise issues only for regions in their token's scope; every --regions entry must be.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Barrier codes (survey code list \"barrier\"), comma-separated.") var barriers: String?
    @Option(help: "NUTS codes concerned, comma-separated.") var regions: String?
    @Option var title: String?
    @Option(help: "The problem, from the evidence.") var statement: String?
    @Option(name: .customLong("requested-change"), help: "What the institutions are asked to change.") var requestedChange: String?
    @Option(name: .customLong("evidence-from"), help: "First month of the evidence, YYYY-MM.") var evidenceFrom: String?
    @Option(name: .customLong("evidence-to"), help: "Last month of the evidence, YYYY-MM.") var evidenceTo: String?
    @OptionGroup var idempotency: IdempotencyOptions

    func run() async throws {
        let fields = object([
            ("barriers", codes(barriers)), ("regions", strings(regions?.uppercased())), ("title", title.map(JSONValue.string)),
            ("statement", statement.map(JSONValue.string)), ("requestedChange", requestedChange.map(JSONValue.string)),
            ("evidencePeriod", ReportPeriodOptions.period(from: evidenceFrom, to: evidenceTo)),
        ])
        try await ServiceClient.with(connection, service: .policy) { policy in
            let issue = try await policy.unary("RaisePolicyIssue", .object([JSONMember("fields", fields)]),
                                               metadata: idempotency.metadata)
            printJSONOrTable(issue, asJSON: output.json) { IssueTable.detail(issue) }
        }
    }
}

struct IssueGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one policy issue with its frozen evidence.")
    @OptionGroup var show: ShowOptions

    func run() async throws { try await show.run("GetPolicyIssue", service: .policy, detail: { entity, _ in IssueTable.detail(entity) }) }
}

struct IssueList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List policy issues, filtered.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Issues concerning this NUTS region or its sub-regions.") var region: String?
    @Option(help: "A barrier code.") var barrier: String?
    @Flag(name: .customLong("open-only"), help: "Issues with an open action, or none yet.") var openOnly = false
    @OptionGroup var page: PageOptions

    func run() async throws {
        try await ServiceClient.with(connection, service: .policy) { policy in
            let request = object([
                ("page", page.request), ("region", region.map { .string($0.uppercased()) }), ("barrier", barrier.map(JSONValue.string)),
                ("openOnly", openOnly ? .bool(true) : nil),
            ])
            try await policy.list("ListPolicyIssues", request, items: "issues", all: page.all, json: output.json) { IssueTable.rows($0) }
        }
    }
}
