import ArgumentParser
import TIBSProto

/// `tibsctl report barriers|influence|survey`: the policy service's evidence and influence reports
/// as console tables, CSV or a self-contained HTML file.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Barrier, influence and survey reports of the policy service, the match flows report (table, CSV or HTML).",
        subcommands: [BarrierReportCommand.self, InfluenceReportCommand.self, SurveyReportCommand.self, FlowReportCommand.self])
}

struct BarrierReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "barriers", abstract: "Barriers named in the period's surveys: counts, shares, change against the previous period.",
        discussion: """
        Every survey conducted in the period counts (docs/policy.md, the counting rule). The HTML has, for all surveys and \
        for each region group, a chart of barrier shares and a chart of their change against the previous period of equal length.
        """)
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var period: ReportPeriodOptions
    @OptionGroup var filter: EvidenceFilterOptions
    @Option(name: .customLong("group-by-level"), help: "Break down by region: 0 country, 1..3 NUTS level (default: no breakdown).")
    var groupByLevel: UInt32?
    @Option(help: "Barriers per group (default: all).") var top: UInt32?

    func run() async throws {
        try await ServiceClient.with(connection, service: .policy) { policy in
            let request = object([("filter", try filter.json(policy)), ("period", period.json),
                                  ("groupByLevel", groupByLevel.map { .number(String($0)) }), ("top", top.map { .number(String($0)) })])
            let (report, json) = try await policy.unary("GetBarrierReport", request, as: Tibs_Policy_V1_BarrierReport.self)
            try output.emit(json: json) { format in
                switch format {
                case .table: BarrierReportView.table(report)
                case .csv: BarrierReportView.csv(report)
                case .html: BarrierReportView.html(report, filters: filter.text)
                }
            }
        }
    }
}

struct InfluenceReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "influence", abstract: "Per institution and region: issues, actions, adoption rate, median days to first response, overdue.",
        discussion: "Adoption rate = (adopted + half of partly adopted) / actions in a final state.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: ReportOutputOptions
    @Option(help: "Issues concerning this NUTS region or its sub-regions (default: all).") var region: String?
    @Option(help: "Issues raised from this day, YYYY-MM-DD (default: from the start).") var from: String?
    @Option(help: "Issues raised up to this day, YYYY-MM-DD (default: today).") var to: String?

    func run() async throws {
        try await ServiceClient.with(connection, service: .policy) { policy in
            let request = object([("region", region.map { .string($0.uppercased()) }), ("raisedFrom", from.map(JSONValue.string)),
                                  ("raisedTo", to.map(JSONValue.string))])
            let (report, json) = try await policy.unary("GetInfluenceReport", request, as: Tibs_Policy_V1_InfluenceReport.self)
            let filters = [("region", region), ("raised from", from), ("raised to", to)].compactMap { name, value in value.map { "\(name) \($0)" } }
            try output.emit(json: json) { format in
                switch format {
                case .table: InfluenceReportView.table(report)
                case .csv: InfluenceReportView.csv(report)
                case .html: InfluenceReportView.html(report, filters: filters.joined(separator: ", "))
                }
            }
        }
    }
}

struct SurveyReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey", abstract: "The market research answered: each question's answers as counts and shares.",
        discussion: "By default the latest survey per SME in the period counts once; --every-survey counts each (movement between stages).")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var period: ReportPeriodOptions
    @OptionGroup var filter: EvidenceFilterOptions
    @Flag(name: .customLong("every-survey"), help: "Count every survey, not the latest per SME.") var everySurvey = false
    @Option(help: "Dimensions to break down by, comma-separated: region, country, s3_area, size_class, stage.") var breakdown: String?

    func run() async throws {
        try await ServiceClient.with(connection, service: .policy) { policy in
            let request = object([("filter", try filter.json(policy)), ("period", period.json),
                                  ("everySurvey", everySurvey ? .bool(true) : nil), ("breakdown", strings(breakdown))])
            let (report, json) = try await policy.unary("GetSurveyReport", request, as: Tibs_Policy_V1_SurveyReport.self)
            try output.emit(json: json) { format in
                switch format {
                case .table: SurveyReportView.table(report)
                case .csv: SurveyReportView.csv(report)
                case .html: SurveyReportView.html(report, filters: filter.text)
                }
            }
        }
    }
}
