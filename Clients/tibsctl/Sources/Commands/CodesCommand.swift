import ArgumentParser

/// `tibsctl codes <list> [--version V] [--search text] [paging] [--json]`: a code list as the
/// server validates with it (`tibs.codes.v1.CodeLists/ListCodes`, built into every service).
struct CodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codes",
        abstract: "Show a code list the servers validate with (NACE, NUTS, S3 areas, TRL, countries, survey codes).",
        discussion: """
            Lists: nace (versions 2 and 2.1; 2.1 is the default), nuts, s3, trl, country, survey-barrier, \
            survey-success-reason, survey-failure-reason, survey-advantage, survey-support-form, \
            survey-expected-support. Every service serves the same lists; the registry is asked unless \
            --service names another. A list or version the server does not have exits 6 naming the valid ones.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The list: nace, nuts, s3, trl, country, survey-barrier, …")
    var list: String

    @Option(help: "The list's version (nace: 2 or 2.1); default: the one the servers use for a code without a version.")
    var version: String?

    @Option(help: "Only codes whose code or label contains this text (case-insensitive).")
    var search: String?

    @Option(help: "The server to ask: registry, catalogue, policy or match (same lists everywhere).")
    var service = "registry"

    @OptionGroup var page: PageOptions

    static let servicePath = "/tibs.codes.v1.CodeLists/"

    func validate() throws {
        guard ServiceEndpoint.named(service) != nil else {
            throw CLIFailure.usage("--service: '\(TerminalText.escape(service))' is not one of registry, catalogue, policy, match")
        }
    }

    func run() async throws {
        // reason: validate() checked the name.
        let target = ServiceEndpoint.named(service)!
        // The chosen service's address settings, with the built-in CodeLists methods.
        let endpoint = ServiceEndpoint(
            name: target.name, servicePath: Self.servicePath, package: "tibs.codes.v1.", label: "a TIBS server with code lists",
            defaultPort: target.defaultPort, addressVariable: target.addressVariable, addressKey: target.addressKey)
        let request = object([("page", page.request), ("list", .string(list)), ("version", version.map(JSONValue.string)),
                              ("search", search.map(JSONValue.string))])
        try await ServiceClient.with(connection, service: endpoint) { client in
            try await client.list("ListCodes", request, items: "codes", all: page.all, json: output.json, table: Self.table)
        }
    }

    /// CODE and LABEL; LEVEL and PARENT only for a list with a hierarchy (NACE, NUTS).
    static func table(_ codes: [JSONValue]) -> Table {
        let hierarchical = codes.contains { $0["level"] != nil || $0["parent"] != nil }
        let rows = codes.map { code in
            [code["code"]?.cell ?? "", code["label"]?.cell ?? ""]
                + (hierarchical ? [code["level"]?.cell ?? "0", code["parent"]?.cell ?? ""] : [])
        }
        return Table(header: ["CODE", "LABEL"] + (hierarchical ? ["LEVEL", "PARENT"] : []), rows: rows, maxCell: 120)
    }
}
