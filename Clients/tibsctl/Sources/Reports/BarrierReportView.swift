import TIBSProto

/// The barrier report (GetBarrierReport) as a console table, CSV, or one XHTML page: for the whole
/// selection and for each region group, a chart of each barrier's share of the period's surveys
/// and a chart of its change against the previous period. Pure functions of the message.
enum BarrierReportView {
    /// One group of the report: every survey ("all"), or one region of group_by_level.
    struct Group {
        var name: String
        var surveys: UInt64
        var barriers: [Tibs_Policy_V1_BarrierCount]
    }

    static func groups(_ report: Tibs_Policy_V1_BarrierReport) -> [Group] {
        [Group(name: "all", surveys: report.surveysInPeriod, barriers: report.barriers)]
            + report.regions.map { Group(name: $0.region, surveys: $0.surveysInPeriod, barriers: $0.barriers) }
    }

    static func name(_ count: Tibs_Policy_V1_BarrierCount) -> String { count.label.isEmpty ? count.barrier.code : count.label }

    static func summary(_ report: Tibs_Policy_V1_BarrierReport) -> String {
        "\(report.period.fromMonth)..\(report.period.toMonth): \(report.surveysInPeriod) surveys; previous period "
            + "\(report.previousPeriod.fromMonth)..\(report.previousPeriod.toMonth): \(report.previousSurveysInPeriod) surveys"
    }

    static func table(_ report: Tibs_Policy_V1_BarrierReport) -> String {
        let rows = groups(report).flatMap { group in
            group.barriers.map { count in
                [group.name, count.barrier.code, count.label, String(count.surveys), ReportNumber.percent(count.share),
                 ReportNumber.percent(count.previousShare), ReportNumber.points(count.shareChange)]
            }
        }
        return ["barriers " + summary(report),
                Table(header: ["GROUP", "BARRIER", "LABEL", "SURVEYS", "SHARE", "PREVIOUS", "CHANGE"], rows: rows, maxCell: 48).render(),
                EvidenceSyncText.line(report.sync)].joined(separator: "\n")
    }

    static func csv(_ report: Tibs_Policy_V1_BarrierReport) -> String {
        CSVText.render(
            header: ["group", "surveys_in_period", "barrier", "label", "surveys", "share", "previous_surveys", "previous_share", "share_change"],
            rows: groups(report).flatMap { group in
                group.barriers.map { count in
                    [.text(group.name), .number(String(group.surveys)), .text(count.barrier.code), .text(count.label),
                     .number(String(count.surveys)), .number(ReportNumber.exact(count.share)), .number(String(count.previousSurveys)),
                     .number(ReportNumber.exact(count.previousShare)), .number(ReportNumber.exact(count.shareChange))]
                }
            })
    }

    /// `filters` describes the request's filters for the page's header ("" for none).
    static func html(_ report: Tibs_Policy_V1_BarrierReport, filters: String = "") -> String {
        var parts = HTMLDocument.header(summary(report), filters: filters, [EvidenceSyncText.line(report.sync)])
        for group in groups(report) {
            let title = group.name == "all" ? "All surveys (\(group.surveys))" : "Region \(group.name) (\(group.surveys) surveys)"
            parts.append(HTMLDocument.section(title, charts(group) + [
                HTMLDocument.table(header: ["barrier", "label", "surveys", "share", "previous surveys", "previous share", "change"],
                                   rows: group.barriers.map { count in
                                       [count.barrier.code, count.label, String(count.surveys), ReportNumber.percent(count.share),
                                        String(count.previousSurveys), ReportNumber.percent(count.previousShare), ReportNumber.points(count.shareChange)]
                                   }, numeric: [2, 3, 4, 5, 6]),
            ]))
        }
        return HTMLDocument(title: "Barrier report \(report.period.fromMonth) to \(report.period.toMonth)", parts: parts).render()
    }

    /// The group's two charts: shares in the period, and the change against the previous one.
    static func charts(_ group: Group) -> [String] {
        let place = group.name == "all" ? "" : " in \(group.name)"
        let shares = SVGBarChart(title: "Share of surveys naming each barrier\(place)", bars: group.barriers.map { count in
            SVGBarChart.Bar(label: name(count), value: count.share, text: "\(ReportNumber.percent(count.share)) (\(count.surveys))",
                            detail: "\(count.surveys) of \(group.surveys) surveys")
        })
        let change = SVGBarChart(title: "Change against the previous period\(place)", bars: group.barriers.map { count in
            SVGBarChart.Bar(label: name(count), value: count.shareChange, text: ReportNumber.points(count.shareChange),
                            detail: "previous \(ReportNumber.percent(count.previousShare)) (\(count.previousSurveys))")
        }, scale: .signed)
        return [shares.render(), change.render()]
    }
}
