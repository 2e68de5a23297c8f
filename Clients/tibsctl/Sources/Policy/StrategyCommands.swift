import ArgumentParser
import Foundation

/// `tibsctl strategy set|get|list`: each region's smart-specialisation (S3) strategy, as dated
/// versions of its priority areas. Every version is kept; `get` answers the one in force on a date.
struct StrategyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategy", abstract: "Regional S3 strategies: priority areas with weights, in dated versions (the policy service).",
        subcommands: [StrategySet.self, StrategyGet.self, StrategyList.self])
}

enum StrategyTable {
    static func rows(_ strategies: [JSONValue]) -> Table {
        Table(header: ["ID", "REGION", "VALID FROM", "VALID TO", "PRIORITIES", "DOCUMENT", "SET AT"], rows: strategies.map { strategy in
            let fields = strategy["fields"] ?? .object([])
            return [strategy["id"]?.cell ?? "-", fields["region"]?.cell ?? "-", fields["validFrom"]?.cell ?? "-",
                    fields["validTo"]?.cell ?? "open", priorities(fields).joined(separator: ", "), fields["documentTitle"]?.cell ?? "-",
                    strategy["setAt"]?.cell ?? "-"]
        }, maxCell: 48)
    }

    /// One version as "key  value" lines, a line per priority area.
    static func detail(_ strategy: JSONValue) -> Table {
        let fields = strategy["fields"] ?? .object([])
        var rows: [[String]] = [
            ["id", strategy["id"]?.cell ?? "-"], ["region", "\(fields["region"]?.cell ?? "-") (\(strategy["country"]?.cell ?? "-"))"],
            ["valid", "\(fields["validFrom"]?.cell ?? "-") .. \(fields["validTo"]?.cell ?? "open-ended")"],
        ]
        rows += priorities(fields).map { ["priority", $0] }
        if let title = fields["documentTitle"] { rows.append(["document", title.cell]) }
        if let url = fields["documentUrl"] { rows.append(["document url", url.cell]) }
        rows.append(["set", "\(strategy["setAt"]?.cell ?? "-") by \(strategy["setBy"]?.cell ?? "-")"])
        return Table(header: ["FIELD", "VALUE"], rows: rows, maxCell: 100)
    }

    /// "ict 0.8" per priority area.
    static func priorities(_ fields: JSONValue) -> [String] {
        guard case .array(let areas)? = fields["priorities"] else { return [] }
        return areas.map { "\($0[path: "s3Area", "code"]?.cell ?? "?") \($0["weight"]?.cell ?? "0")" }
    }
}

struct StrategySet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Record a new version of a region's S3 strategy (admins); earlier versions are kept.",
        discussion: """
        On a date several versions cover, the one with the latest --valid-from is in force; on equal --valid-from, \
        the one set last (docs/policy.md).
        """)
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("from"), help: "JSON file with RegionalStrategyFields (protobuf JSON); flags given as well override it.")
    var fromFile: String?
    @Option(help: "NUTS code of the region, e.g. LV008.") var region: String?
    @Option(name: .customLong("valid-from"), help: "First day in force, YYYY-MM-DD.") var validFrom: String?
    @Option(name: .customLong("valid-to"), help: "Last day in force, YYYY-MM-DD (default: open-ended).") var validTo: String?
    @Option(name: .customLong("priority"), help: "A priority S3 area and its weight 0..1: ict=0.8 (repeatable; code@version names the list version).")
    var priorities: [String] = []
    @Option(name: .customLong("document-title")) var documentTitle: String?
    @Option(name: .customLong("document-url"), help: "https URL of the strategy document.") var documentURL: String?
    @OptionGroup var idempotency: IdempotencyOptions

    func fields() throws -> JSONValue {
        var fields: JSONValue = .object([])
        if let fromFile { fields = try JSONValue.parse(RequestInput.file(fromFile).readAll()) }
        let simple: [(String, JSONValue?)] = [
            ("region", region.map { .string($0.uppercased()) }), ("validFrom", validFrom.map(JSONValue.string)),
            ("validTo", validTo.map(JSONValue.string)), ("documentTitle", documentTitle.map(JSONValue.string)),
            ("documentUrl", documentURL.map(JSONValue.string)),
        ]
        for (key, value) in simple { if let value { fields = fields.setting([key], value) } }
        if !priorities.isEmpty { fields = fields.setting(["priorities"], .array(try priorities.map(Self.priority))) }
        return fields
    }

    /// "ict=0.8" as a PriorityArea; the server checks the code and the range.
    static func priority(_ text: String) throws(CLIFailure) -> JSONValue {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty, let weight = Double(parts[1]), weight.isFinite else {
            throw CLIFailure.usage("--priority: '\(text)' is not S3CODE=WEIGHT such as ict=0.8")
        }
        return .object([JSONMember("s3Area", codeJSON(parts[0])), JSONMember("weight", .number(String(weight)))])
    }

    func run() async throws {
        let request = JSONValue.object([JSONMember("fields", try fields())])
        try await ServiceClient.with(connection, service: .policy) { policy in
            let strategy = try await policy.unary("SetRegionalStrategy", request, metadata: idempotency.metadata)
            printJSONOrTable(strategy, asJSON: output.json) { StrategyTable.detail(strategy) }
        }
    }
}

struct StrategyGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show the strategy version in force for a region on a date.",
        discussion: "A region without a strategy of its own answers with its nearest enclosing region's.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "NUTS code of the region.") var region: String
    @Option(help: "YYYY-MM-DD (default: today).") var date: String?

    func run() async throws {
        try await ServiceClient.with(connection, service: .policy) { policy in
            let strategy = try await policy.unary("GetRegionalPriorities", object([
                ("region", .string(region.uppercased())), ("date", date.map(JSONValue.string))]))
            printJSONOrTable(strategy, asJSON: output.json) { StrategyTable.detail(strategy) }
        }
    }
}

struct StrategyList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List strategy versions, every one kept.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "NUTS code (default: every region).") var region: String?
    @OptionGroup var page: PageOptions

    func run() async throws {
        try await ServiceClient.with(connection, service: .policy) { policy in
            let request = object([("page", page.request), ("region", region.map { .string($0.uppercased()) })])
            try await policy.list("ListRegionalStrategies", request, items: "strategies", all: page.all, json: output.json) {
                StrategyTable.rows($0)
            }
        }
    }
}
