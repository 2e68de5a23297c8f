import TIBSProto

/// The influence report (GetInfluenceReport) as a console table, CSV, or one XHTML page with the
/// adoption rate per institution and per region as charts. Pure functions of the message.
enum InfluenceReportView {
    static let figureHeader = ["issues", "actions", "adopted", "partly_adopted", "rejected", "no_response", "open", "overdue",
                               "adoption_rate", "median_days_to_first_response", "responded"]

    static func numbers(_ figures: Tibs_Policy_V1_InfluenceFigures) -> [String] {
        [figures.issues, figures.actions, figures.adopted, figures.partlyAdopted, figures.rejected, figures.noResponse, figures.open,
         figures.overdue].map { String($0) }
            + [ReportNumber.exact(figures.adoptionRate), ReportNumber.exact(figures.medianDaysToFirstResponse), String(figures.responded)]
    }

    /// The same figures for people: the rate as a percentage, the median in days.
    static func cells(_ figures: Tibs_Policy_V1_InfluenceFigures) -> [String] {
        var cells = numbers(figures)
        cells[8] = ReportNumber.percent(figures.adoptionRate)
        cells[9] = ReportNumber.days(figures.medianDaysToFirstResponse)
        return cells
    }

    /// Every row: the total, each institution, each region.
    static func rows(_ report: Tibs_Policy_V1_InfluenceReport) -> [(group: String, id: String, name: String, figures: Tibs_Policy_V1_InfluenceFigures)] {
        [("total", "", "all issues", report.total)]
            + report.institutions.map { ("institution", $0.institutionID, $0.institutionName, $0.figures) }
            + report.regions.map { ("region", $0.region, $0.region, $0.figures) }
    }

    static func summary(_ report: Tibs_Policy_V1_InfluenceReport) -> String {
        "\(report.total.issues) issues, \(report.total.actions) actions, adoption rate \(ReportNumber.percent(report.total.adoptionRate)), "
            + "\(report.total.overdue) overdue (no answer \(report.overdueAfterDays) days after submission)"
    }

    static func table(_ report: Tibs_Policy_V1_InfluenceReport) -> String {
        let header = ["GROUP", "NAME", "ISSUES", "ACTIONS", "ADOPTED", "PARTLY", "REJECTED", "NO ANSWER", "OPEN", "OVERDUE", "RATE",
                      "MEDIAN DAYS", "RESPONDED"]
        return ["influence: " + summary(report),
                Table(header: header, rows: rows(report).map { [$0.group, $0.name] + cells($0.figures) }, maxCell: 48).render()]
            .joined(separator: "\n")
    }

    static func csv(_ report: Tibs_Policy_V1_InfluenceReport) -> String {
        CSVText.render(header: ["group", "id", "name"] + figureHeader, rows: rows(report).map { row in
            [.text(row.group), .text(row.id), .text(row.name)] + numbers(row.figures).map(CSVText.Field.number)
        })
    }

    static func html(_ report: Tibs_Policy_V1_InfluenceReport, filters: String = "") -> String {
        var parts = HTMLDocument.header(summary(report), filters: filters,
                                        ["adoption rate = (adopted + half of partly adopted) / actions in a final state"])
        let header = ["name"] + figureHeader.map { $0.replacingOccurrences(of: "_", with: " ") }
        parts.append(HTMLDocument.section("Per institution", [
            chart("Adoption rate per institution", report.institutions.map { ($0.institutionName, $0.figures) }),
            HTMLDocument.table(header: header, rows: report.institutions.map { [$0.institutionName] + cells($0.figures) }, numeric: Set(1...11)),
        ]))
        parts.append(HTMLDocument.section("Per region", [
            chart("Adoption rate per region", report.regions.map { ($0.region, $0.figures) }),
            HTMLDocument.table(header: header, rows: report.regions.map { [$0.region] + cells($0.figures) }, numeric: Set(1...11)),
        ]))
        return HTMLDocument(title: "Influence report", parts: parts).render()
    }

    static func chart(_ title: String, _ entries: [(String, Tibs_Policy_V1_InfluenceFigures)]) -> String {
        SVGBarChart(title: title, bars: entries.map { name, figures in
            SVGBarChart.Bar(label: name, value: figures.adoptionRate, text: ReportNumber.percent(figures.adoptionRate),
                            detail: "\(figures.adopted) adopted, \(figures.partlyAdopted) partly, \(figures.rejected) rejected, "
                                + "\(figures.noResponse) no response, \(figures.open) open of \(figures.actions) actions")
        }).render()
    }
}
