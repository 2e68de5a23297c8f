import ArgumentParser
import TIBSProto

/// `tibsctl report flows`: the match service's transnational flows matrix and funnel.
struct FlowReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows", abstract: "Matches, introductions and agreements per region pair, and the funnel per region and broker (match service).",
        discussion: """
        The address is the match service's (TIBS_MATCH_ADDRESS, port 7404). The HTML is one self-contained file: the \
        region×region matrix as a heat map and each funnel as bars. A match counts in every state it reached.
        """)
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: ReportOutputOptions
    @Option(help: "Matches proposed from this day, YYYY-MM-DD (default: from the first match).") var from: String?
    @Option(help: "Matches proposed up to this day, YYYY-MM-DD (default: today).") var to: String?
    /// Always sent: proto3 cannot tell 0 (country) from unset, so the documented default travels explicitly.
    @Option(help: "Group regions by: 0 country, 1..3 NUTS level.") var level: UInt32 = 2

    func validate() throws {
        if level > 3 { throw CLIFailure.usage("--level: \(level) is not 0 (country) .. 3") }
        let first = try from.map { date throws(CLIFailure) in try MatchInput.date(date, flag: "--from") }
        let last = try to.map { date throws(CLIFailure) in try MatchInput.date(date, flag: "--to") }
        if let first, let last, first > last { throw CLIFailure.usage("--from \(first) is after --to \(last)") }
    }

    func run() async throws {
        try await ServiceClient.with(connection, service: .match) { match in
            let request = object([("from", from.map(JSONValue.string)), ("to", to.map(JSONValue.string)),
                                  ("regionLevel", .number(String(level)))])
            let (report, json) = try await match.unary("GetFlowReport", request, as: Tibs_Match_V1_FlowReport.self)
            try output.emit(json: json) { format in
                switch format {
                case .table: FlowReportView.table(report)
                case .csv: FlowReportView.csv(report)
                case .html: FlowReportView.html(report)
                }
            }
        }
    }
}
