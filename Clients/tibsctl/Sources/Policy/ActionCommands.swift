import ArgumentParser

/// `tibsctl policy action add|advance|list`: influence actions on an issue, each addressed to an
/// institution, walked submitted → acknowledged → under consideration → adopted / partly adopted /
/// rejected, or no response.
struct ActionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "action", abstract: "Influence actions on policy issues and their status walk.",
        subcommands: [ActionAdd.self, ActionAdvance.self, ActionList.self])
}

/// `--document "TITLE|URL|REFERENCE"` (URL and reference optional), repeatable.
struct DocumentOptions: ParsableArguments {
    @Option(name: .customLong("document"), help: "A document: 'TITLE|https URL|REFERENCE' (URL and reference optional; repeatable).")
    var documents: [String] = []

    var json: JSONValue? {
        guard !documents.isEmpty else { return nil }
        return .array(documents.map { text in
            let parts = text.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            return object([("title", .string(parts[0])), ("url", parts.count > 1 && !parts[1].isEmpty ? .string(parts[1]) : nil),
                           ("reference", parts.count > 2 && !parts[2].isEmpty ? .string(parts[2]) : nil)])
        })
    }
}

enum ActionTable {
    static func rows(_ actions: [JSONValue], _ policy: ServiceClient) -> Table {
        Table(header: ["ID", "ISSUE", "KIND", "INSTITUTION", "SUBMITTED", "STATUS", "OVERDUE", "VERSION"], rows: actions.map { action in
            let fields = action["fields"] ?? .object([])
            return [action["id"]?.cell ?? "-", action["issueId"]?.cell ?? "-", policy.short(fields["kind"], "ActionKind"),
                    fields["institutionId"]?.cell ?? "-", fields["submittedOn"]?.cell ?? "-", policy.short(action["status"], "ActionStatus"),
                    action["overdue"] == .bool(true) ? "overdue" : "-", action["version"]?.cell ?? "-"]
        })
    }

    /// One action with its documents and every step of its history.
    static func detail(_ action: JSONValue, _ policy: ServiceClient) -> Table {
        let fields = action["fields"] ?? .object([])
        var rows: [[String]] = [
            ["id", action["id"]?.cell ?? "-"], ["issue", action["issueId"]?.cell ?? "-"],
            ["kind", policy.short(fields["kind"], "ActionKind")], ["institution", fields["institutionId"]?.cell ?? "-"],
            ["submitted on", fields["submittedOn"]?.cell ?? "-"],
            ["status", policy.short(action["status"], "ActionStatus") + (action["overdue"] == .bool(true) ? " (overdue)" : "")],
        ]
        if let first = action["firstResponseOn"] { rows.append(["first response", first.cell]) }
        if let summary = fields["summary"] { rows.append(["summary", summary.cell]) }
        if case .array(let documents)? = fields["documents"] {
            for document in documents {
                rows.append(["document", [document["title"], document["url"], document["reference"]].compactMap { $0?.cell }.joined(separator: ", ")])
            }
        }
        if case .array(let steps)? = action["history"] {
            for step in steps {
                let from = step["from"].map { policy.short($0, "ActionStatus") } ?? "-"
                var line = "\(from == "-" ? "" : from + " → ")\(policy.short(step["to"], "ActionStatus")) on \(step["onDate"]?.cell ?? "-")"
                line += " by \(step["actor"]?.cell ?? "-")"
                if let note = step["note"] { line += ": " + note.cell }
                rows.append(["step", line])
            }
        }
        rows.append(["version", action["version"]?.cell ?? "-"])
        return Table(header: ["FIELD", "VALUE"], rows: rows, maxCell: 100)
    }
}

struct ActionAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Record an influence action on an issue, addressed to an institution (status submitted).")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("issue"), help: "The policy issue id.") var issueID: String
    @Option(name: .customLong("institution"), help: "The institution id.") var institutionID: String?
    @Option(help: "recommendation, consultation-response, meeting, position-paper or letter.") var kind: String?
    @Option(name: .customLong("submitted-on"), help: "YYYY-MM-DD, not in the future.") var submittedOn: String?
    @Option var summary: String?
    @OptionGroup var documents: DocumentOptions
    @Option(help: "Kept in the action's history.") var note: String?
    @OptionGroup var idempotency: IdempotencyOptions

    func run() async throws {
        try await ServiceClient.with(connection, service: .policy) { policy in
            let fields = object([
                ("kind", try kind.map { try policy.enumValue("ActionKind", $0, flag: "--kind") }),
                ("institutionId", institutionID.map(JSONValue.string)), ("submittedOn", submittedOn.map(JSONValue.string)),
                ("documents", documents.json), ("summary", summary.map(JSONValue.string)),
            ])
            let action = try await policy.unary("AddInfluenceAction", object([
                ("issueId", .string(issueID)), ("fields", fields), ("note", note.map(JSONValue.string))]),
                metadata: idempotency.metadata)
            printJSONOrTable(action, asJSON: output.json) { ActionTable.detail(action, policy) }
        }
    }
}

struct ActionAdvance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance", abstract: "Take an action one step on its walk; every step records actor, time, date and note.",
        discussion: """
        submitted → acknowledged → under-consideration → adopted | partly-adopted | rejected; submitted, acknowledged \
        and under-consideration may also end in no-response. An illegal step is refused with FAILED_PRECONDITION naming \
        the current and the requested state; a stale --expected-version with ABORTED. Neither changes anything.
        """)
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: ArgumentHelp(stringLiteral: ActionStep.targets.map(\.rawValue).joined(separator: ", ") + ".")) var to: String
    @Option(name: .customLong("expected-version"), help: "The action's version this step follows (policy action list shows it).")
    var expectedVersion: UInt64
    @Option(help: "YYYY-MM-DD the step happened (default: today); not before the last step.") var on: String?
    @Option(help: "Kept in the action's history.") var note: String?
    @OptionGroup var documents: DocumentOptions
    @Argument(help: "The action id.") var id: String

    func run() async throws {
        let step = try ActionStep.parse(to, flag: "--to", among: ActionStep.targets)
        try await ServiceClient.with(connection, service: .policy) { policy in
            let action = try await policy.unary("AdvanceInfluenceAction", object([
                ("id", .string(id)), ("expectedVersion", .string(String(expectedVersion))), ("to", .string(step.enumName)),
                ("onDate", on.map(JSONValue.string)), ("note", note.map(JSONValue.string)), ("documents", documents.json),
            ]))
            printJSONOrTable(action, asJSON: output.json) { ActionTable.detail(action, policy) }
        }
    }
}

struct ActionList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List influence actions, filtered.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("issue")) var issueID: String?
    @Option(name: .customLong("institution")) var institutionID: String?
    @Option(help: ArgumentHelp(stringLiteral: ActionStep.allCases.map(\.rawValue).joined(separator: ", ") + ".")) var status: String?
    @Flag(name: .customLong("overdue-only"), help: "Actions with no answer overdue_after_days after submission.") var overdueOnly = false
    @OptionGroup var page: PageOptions

    func run() async throws {
        let step = try status.map { word throws(CLIFailure) in try ActionStep.parse(word, flag: "--status", among: ActionStep.allCases) }
        try await ServiceClient.with(connection, service: .policy) { policy in
            let request = object([
                ("page", page.request), ("issueId", issueID.map(JSONValue.string)), ("institutionId", institutionID.map(JSONValue.string)),
                ("status", step.map { .string($0.enumName) }), ("overdueOnly", overdueOnly ? .bool(true) : nil),
            ])
            try await policy.list("ListInfluenceActions", request, items: "actions", all: page.all, json: output.json) {
                ActionTable.rows($0, policy)
            }
        }
    }
}
