import Foundation
import Testing
import TIBSProto
@testable import TIBSCtlKit

// The flows report renderers on a hand-built report: the heat map's cells, the funnel bars, the CSV
// and the table carry exactly the report's numbers; the page is well-formed, self-contained XML and
// user text (broker subjects, region codes) comes out escaped.

func regionFlow(_ from: String, _ to: String, matches: UInt64, introductions: UInt64, agreements: UInt64) -> Tibs_Match_V1_RegionFlow {
    var flow = Tibs_Match_V1_RegionFlow()
    flow.fromRegion = from
    flow.toRegion = to
    flow.matches = matches
    flow.introductions = introductions
    flow.agreements = agreements
    return flow
}

func funnelCounts(_ values: [UInt64]) -> Tibs_Match_V1_FunnelCounts {
    var funnel = Tibs_Match_V1_FunnelCounts()
    funnel.proposed = values[0]
    funnel.shortlisted = values[1]
    funnel.introduced = values[2]
    funnel.inDiscussion = values[3]
    funnel.agreement = values[4]
    funnel.closedWithoutAgreement = values[5]
    funnel.declined = values[6]
    return funnel
}

/// Three regions at NUTS 2: LV00 → LT01 (7 matches), LV00 → LV00 (2), LT01 → DK01 (3); funnels for
/// the two need-side regions and two brokers, adding up to the total.
func sampleFlowReport(broker: String = "anna.ozola@vidzeme") -> Tibs_Match_V1_FlowReport {
    var report = Tibs_Match_V1_FlowReport()
    report.from = "2026-01-01"
    report.to = "2026-06-30"
    report.regionLevel = 2
    report.flows = [regionFlow("LT01", "DK01", matches: 3, introductions: 1, agreements: 0),
                    regionFlow("LV00", "LT01", matches: 7, introductions: 4, agreements: 2),
                    regionFlow("LV00", "LV00", matches: 2, introductions: 1, agreements: 1)]
    var lithuania = Tibs_Match_V1_RegionFunnel()
    lithuania.region = "LT01"
    lithuania.funnel = funnelCounts([3, 2, 1, 1, 0, 0, 1])
    var latvia = Tibs_Match_V1_RegionFunnel()
    latvia.region = "LV00"
    latvia.funnel = funnelCounts([9, 7, 5, 4, 3, 1, 2])
    report.regionFunnels = [lithuania, latvia]
    var anna = Tibs_Match_V1_BrokerFunnel()
    anna.broker = broker
    anna.funnel = latvia.funnel
    var jonas = Tibs_Match_V1_BrokerFunnel()
    jonas.broker = "jonas@kaunas"
    jonas.funnel = lithuania.funnel
    report.brokerFunnels = [anna, jonas]
    report.total = funnelCounts([12, 9, 6, 5, 3, 1, 3])
    return report
}

@Suite struct FlowReportRenderTests {
    @Test func theHeatMapHasACellForEveryRegionPairCarryingTheReportsNumbers() throws {
        let report = sampleFlowReport()
        let page = MatchReportXML.parse(FlowReportView.html(report))
        #expect(page.failure == nil, "\(page.failure ?? "")")
        let regions = ["DK01", "LT01", "LV00"]
        #expect(page.cells.count == regions.count * regions.count, "a complete 3×3 matrix")
        #expect(page.cells.map(\.from) == regions.flatMap { Array(repeating: $0, count: 3) }, "rows in region order")
        #expect(page.cells.prefix(3).map(\.to) == regions, "columns in region order")
        let drawn = page.cells.filter { $0.matches > 0 }
        #expect(drawn == report.flows.map { MatchReportXML.Cell(from: $0.fromRegion, to: $0.toRegion, matches: $0.matches,
                                                                 introductions: $0.introductions, agreements: $0.agreements) })
        let empty = page.cells.filter { $0.matches == 0 }
        #expect(empty.count == 6 && empty.allSatisfy { $0.introductions == 0 && $0.agreements == 0 })
        #expect(page.text.contains("LV00 → LT01: 7 matches, 4 introductions, 2 agreements"), "the tooltip says it in words")
    }

    @Test func theDarkestCellIsTheLargestFlowAndAnEmptyCellIsPale() throws {
        let html = FlowReportView.html(sampleFlowReport())
        #expect(SVGHeatMap.fill(1) == "rgb(58,110,165)" && SVGHeatMap.fill(0) == "rgb(243,246,250)")
        #expect(html.contains("data-to=\"LT01\" data-value=\"7\"") && html.contains("<rect fill=\"rgb(58,110,165)\""))
        // 3 of 7: a share of the largest cell.
        #expect(html.contains("<rect fill=\"\(SVGHeatMap.fill(3.0 / 7))\""))
    }

    @Test func theFunnelBarsCarryTheTotalEachRegionAndEachBroker() throws {
        let report = sampleFlowReport()
        let page = MatchReportXML.parse(FlowReportView.html(report))
        #expect(page.failure == nil, "\(page.failure ?? "")")
        let funnels = [report.total] + report.regionFunnels.map(\.funnel) + report.brokerFunnels.map(\.funnel)
        #expect(page.funnels.count == funnels.count)
        for (chart, funnel) in zip(page.funnels, funnels) {
            #expect(chart.map(\.value) == FlowReportView.counts(funnel))
            #expect(chart.map(\.label) == FlowReportView.stageNames)
        }
        #expect(page.funnels[0].map(\.value) == [12, 9, 6, 5, 3, 1, 3])
        #expect(page.text.contains("6 (50.0%)"), "introduced: 6 of 12 proposals")
    }

    @Test func thePageIsSelfContainedAndEscapesUserText() throws {
        let hostile = "<script>x</script>&\u{202E}"
        let document = FlowReportView.html(sampleFlowReport(broker: hostile))
        let page = MatchReportXML.parse(document)
        #expect(page.failure == nil, "\(page.failure ?? "")")
        for element in ["script", "link", "img", "iframe", "object", "image", "use", "foreignObject"] {
            #expect(!page.elements.contains(element), "no \(element)")
        }
        #expect(!document.contains("<script") && !document.unicodeScalars.contains("\u{202E}"))
        #expect(page.text.contains("proposed by <script>x</script>&\\u{202E}"), "read back, the subject is text")
        #expect(!document.contains("url(") && !document.contains("href"))
    }

    @Test func anEmptyReportStillDrawsTheMapSayingSo() throws {
        var report = Tibs_Match_V1_FlowReport()
        report.regionLevel = 0
        let page = MatchReportXML.parse(FlowReportView.html(report))
        #expect(page.failure == nil && page.cells.isEmpty && page.funnels.count == 1)
        #expect(page.text.contains("no data") && page.text.contains("by country: 0 matches"))
    }

    @Test func theCSVHasOneRowPerFlowAndPerFunnelWithTheExactCounts() throws {
        let report = sampleFlowReport()
        let lines = FlowReportView.csv(report).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "kind,from_region,to_region,name,matches,introductions,agreements,proposed,shortlisted,introduced,"
            + "in_discussion,agreement,closed_without_agreement,declined")
        #expect(lines.count == 1 + 3 + 1 + 2 + 2 + 1, "header, 3 flows, total, 2 regions, 2 brokers, final newline")
        #expect(lines[2] == "flow,LV00,LT01,,7,4,2,,,,,,,")
        #expect(lines[4] == "total,,,all,,,,12,9,6,5,3,1,3")
        #expect(lines[6] == "region,,,LV00,,,,9,7,5,4,3,1,2")
        let csvMatches = lines[1...3].map { UInt64($0.split(separator: ",", omittingEmptySubsequences: false)[4]) }
        #expect(csvMatches == report.flows.map { Optional($0.matches) })
        let disarmed = FlowReportView.csv(sampleFlowReport(broker: "=cmd|x"))
        #expect(disarmed.contains("broker,,,'=cmd|x,"), "a formula in a subject is disarmed")
    }

    @Test func theTableSumsTheFlowsAndShowsEveryFunnel() throws {
        let table = FlowReportView.table(sampleFlowReport())
        #expect(table.hasPrefix("flows 2026-01-01..2026-06-30 by NUTS 2: 12 matches (10 between regions), 6 introductions, 3 agreements"), "\(table)")
        let rows = table.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.contains(["LV00", "LT01", "7", "4", "2"]), "\(table)")
        #expect(rows.contains(["total", "all", "12", "9", "6", "5", "3", "1", "3"]), "\(table)")
        #expect(table.contains("jonas@kaunas") && table.contains("CLOSED WITHOUT AGREEMENT"))
    }
}
