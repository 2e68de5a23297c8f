import ArgumentParser
import Foundation

/// What a report is printed as: console tables, CSV (one row per group and code), or one
/// self-contained XHTML page with inline SVG charts.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, csv, html
}

/// `--format`, `--out` and `--json` of every report command.
struct ReportOutputOptions: ParsableArguments {
    @Option(help: "table, csv or html (one self-contained XHTML file with inline SVG charts).") var format: ReportFormat = .table
    @Option(help: "Write the report to this file instead of standard output.") var out: String?
    @Flag(help: "Print the server's answer as JSON (protobuf JSON mapping) instead.") var json = false

    /// Writes the rendering of `format` (or the JSON) to `--out` or standard output.
    func emit(json answer: JSONValue, _ render: (ReportFormat) -> String) throws(CLIFailure) {
        var text = json ? answer.prettyText : render(format)
        if text.hasSuffix("\n") { text.removeLast() }
        guard let out else {
            Console.out(text)
            return
        }
        do {
            try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: out))
        } catch {
            throw CLIFailure.local("cannot write \(out)")
        }
        Console.err("wrote \(out)")
    }
}

/// `--from YYYY-MM --to YYYY-MM`: the report's whole months (the server checks them).
struct ReportPeriodOptions: ParsableArguments {
    @Option(help: "First month, YYYY-MM.") var from: String
    @Option(help: "Last month, YYYY-MM (at most 120 months after --from).") var to: String

    var json: JSONValue? { Self.period(from: from, to: to) }

    static func period(from: String?, to: String?) -> JSONValue? {
        guard from != nil || to != nil else { return nil }
        return object([("fromMonth", from.map(JSONValue.string)), ("toMonth", to.map(JSONValue.string))])
    }
}

/// The EvidenceFilter flags of the barrier and survey reports; every one optional, combined with AND.
struct EvidenceFilterOptions: ParsableArguments {
    @Option(help: "ISO 3166-1 alpha-2 country.") var country: String?
    @Option(help: "NUTS code; includes its sub-regions.") var region: String?
    @Option(help: "An S3 area the SMEs' areas include.") var s3: String?
    @Option(help: "micro, small or medium.") var size: String?
    @Option(help: "domestic-only, exploring, first-foreign-contracts, regular-exporter or established-abroad.") var stage: String?

    func json(_ policy: ServiceClient) throws -> JSONValue? {
        let filter = object([
            ("country", country.map { .string($0.uppercased()) }), ("region", region.map { .string($0.uppercased()) }),
            ("s3Area", s3.map(JSONValue.string)),
            ("sizeClass", try size.map { try policy.enumValue("SizeClass", $0, flag: "--size") }),
            ("stage", try stage.map { try policy.enumValue("InternationalisationStage", $0, flag: "--stage") }),
        ])
        return filter == .object([]) ? nil : filter
    }

    /// "region LV008, size micro" for the report's header.
    var text: String {
        [("country", country), ("region", region), ("S3 area", s3), ("size", size), ("stage", stage)]
            .compactMap { name, value in value.map { "\(name) \($0)" } }.joined(separator: ", ")
    }
}
