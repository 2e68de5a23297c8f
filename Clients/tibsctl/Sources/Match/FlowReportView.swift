import TIBSProto

/// The flows report (GetFlowReport) as a console table, CSV, or one XHTML page: the region×region
/// matrix of matches as a heat map and the funnel (every state a match reached: cumulative, as
/// docs/match.md counts it) as bars, in total, per region and per proposing broker. Pure functions
/// of the message.
enum FlowReportView {
    static let stageNames = ["proposed", "shortlisted", "introduced", "in discussion", "agreement", "closed without agreement", "declined"]
    static let stageColumns = ["proposed", "shortlisted", "introduced", "in_discussion", "agreement", "closed_without_agreement", "declined"]

    static func counts(_ funnel: Tibs_Match_V1_FunnelCounts) -> [UInt64] {
        [funnel.proposed, funnel.shortlisted, funnel.introduced, funnel.inDiscussion, funnel.agreement,
         funnel.closedWithoutAgreement, funnel.declined]
    }

    /// "country" for level 0, else "NUTS 2".
    static func level(_ level: UInt32) -> String { level == 0 ? "country" : "NUTS \(level)" }

    static func summary(_ report: Tibs_Match_V1_FlowReport) -> String {
        let flows = report.flows
        let matches = flows.reduce(0) { $0 + $1.matches }, introductions = flows.reduce(0) { $0 + $1.introductions }
        let agreements = flows.reduce(0) { $0 + $1.agreements }
        let across = flows.filter { $0.fromRegion != $0.toRegion }.reduce(0) { $0 + $1.matches }
        return "flows \(report.from.isEmpty ? "start" : report.from)..\(report.to.isEmpty ? "today" : report.to) by \(level(report.regionLevel)): "
            + "\(matches) matches (\(across) between regions), \(introductions) introductions, \(agreements) agreements"
    }

    /// Every funnel row: the total, each region (need side), each proposing broker.
    static func funnels(_ report: Tibs_Match_V1_FlowReport) -> [(group: String, name: String, funnel: Tibs_Match_V1_FunnelCounts)] {
        [("total", "all", report.total)] + report.regionFunnels.map { ("region", $0.region, $0.funnel) }
            + report.brokerFunnels.map { ("broker", $0.broker, $0.funnel) }
    }

    static func table(_ report: Tibs_Match_V1_FlowReport) -> String {
        let flows = Table(header: ["FROM (NEED)", "TO (CANDIDATE)", "MATCHES", "INTRODUCTIONS", "AGREEMENTS"], rows: report.flows.map { flow in
            [flow.fromRegion, flow.toRegion, String(flow.matches), String(flow.introductions), String(flow.agreements)]
        }, maxCell: 48)
        let funnel = Table(header: ["GROUP", "NAME"] + stageNames.map { $0.uppercased() }, rows: funnels(report).map { row in
            [row.group, row.name] + counts(row.funnel).map { String($0) }
        }, maxCell: 48)
        return [summary(report), flows.render(), "", "funnel (a match counts in every state it reached)", funnel.render()].joined(separator: "\n")
    }

    /// One header for both parts: `kind` is flow, total, region or broker; flow rows fill the
    /// region pair and its three numbers, funnel rows the name and the seven stage counts.
    static func csv(_ report: Tibs_Match_V1_FlowReport) -> String {
        let empty = Array(repeating: CSVText.Field.number(""), count: stageColumns.count)
        let flowRows: [[CSVText.Field]] = report.flows.map { flow in
            [.text("flow"), .text(flow.fromRegion), .text(flow.toRegion), .text(""), .number(String(flow.matches)),
             .number(String(flow.introductions)), .number(String(flow.agreements))] + empty
        }
        let funnelRows: [[CSVText.Field]] = funnels(report).map { row in
            [.text(row.group), .text(""), .text(""), .text(row.name), .number(""), .number(""), .number("")]
                + counts(row.funnel).map { CSVText.Field.number(String($0)) }
        }
        return CSVText.render(header: ["kind", "from_region", "to_region", "name", "matches", "introductions", "agreements"] + stageColumns,
                              rows: flowRows + funnelRows)
    }

    static func heatMap(_ report: Tibs_Match_V1_FlowReport) -> SVGHeatMap {
        SVGHeatMap(title: "Matches by need-side region (rows) and candidate-side region (columns)", cells: report.flows.map { flow in
            SVGHeatMap.Cell(from: flow.fromRegion, to: flow.toRegion, matches: flow.matches, introductions: flow.introductions,
                            agreements: flow.agreements)
        })
    }

    static func funnelChart(_ title: String, _ funnel: Tibs_Match_V1_FunnelCounts) -> SVGFunnelChart {
        SVGFunnelChart(title: title, stages: zip(stageNames, counts(funnel)).map { SVGFunnelChart.Stage(label: $0.0, count: $0.1) })
    }

    static func html(_ report: Tibs_Match_V1_FlowReport) -> String {
        var parts = HTMLDocument.header(summary(report), filters: "",
                                        ["A match counts in every state it reached (the funnel is cumulative); flows count matches proposed in the period."])
        parts.append(HTMLDocument.section("Transnational flows", [
            heatMap(report).render(),
            HTMLDocument.table(header: ["from (need side)", "to (candidate side)", "matches", "introductions", "agreements"],
                               rows: report.flows.map { [$0.fromRegion, $0.toRegion, String($0.matches), String($0.introductions), String($0.agreements)] },
                               numeric: [2, 3, 4]),
        ]))
        var funnelParts = [funnelChart("Funnel: all matches", report.total).render()]
        funnelParts += report.regionFunnels.map { funnelChart("Funnel: need side region \($0.region)", $0.funnel).render() }
        funnelParts += report.brokerFunnels.map { funnelChart("Funnel: proposed by \($0.broker)", $0.funnel).render() }
        funnelParts.append(HTMLDocument.table(header: ["group", "name"] + stageNames,
                                              rows: funnels(report).map { [$0.group, $0.name] + counts($0.funnel).map { String($0) } },
                                              numeric: Set(2...8)))
        parts.append(HTMLDocument.section("Funnel", funnelParts))
        let period = "\(report.from.isEmpty ? "the first match" : report.from) to \(report.to.isEmpty ? "today" : report.to)"
        return HTMLDocument(title: "Match flows \(period)", parts: parts).render()
    }
}
