import Foundation
import Testing
import TIBSProto
@testable import TIBSCtlKit

// The report renderers on hand-built report messages: the HTML is well-formed XML with one <svg> per
// chart whose bars carry the message's numbers; user text comes out escaped; CSV and tables carry
// the same numbers.

func policyCode(_ text: String) -> Tibs_Common_V1_Code {
    var code = Tibs_Common_V1_Code()
    code.code = text
    return code
}

func barrierCount(_ barrier: String, _ label: String, surveys: UInt64, share: Double, previous: UInt64, previousShare: Double)
    -> Tibs_Policy_V1_BarrierCount {
    var count = Tibs_Policy_V1_BarrierCount()
    count.barrier = policyCode(barrier)
    count.label = label
    count.surveys = surveys
    count.share = share
    count.previousSurveys = previous
    count.previousShare = previousShare
    count.shareChange = share - previousShare
    return count
}

func reportPeriod(_ from: String, _ to: String) -> Tibs_Policy_V1_Period {
    var period = Tibs_Policy_V1_Period()
    period.fromMonth = from
    period.toMonth = to
    return period
}

/// 48 surveys in 2025, grouped by two regions; shares that are not round in binary.
func sampleBarrierReport(label: String = "Lack of finance") -> Tibs_Policy_V1_BarrierReport {
    var report = Tibs_Policy_V1_BarrierReport()
    report.period = reportPeriod("2025-01", "2025-12")
    report.previousPeriod = reportPeriod("2024-01", "2024-12")
    report.surveysInPeriod = 48
    report.previousSurveysInPeriod = 30
    report.barriers = [barrierCount("finance", label, surveys: 20, share: 20.0 / 48, previous: 15, previousShare: 0.5),
                       barrierCount("language", "Language", surveys: 7, share: 7.0 / 48, previous: 2, previousShare: 2.0 / 30)]
    var vidzeme = Tibs_Policy_V1_RegionBarriers()
    vidzeme.region = "LV008"
    vidzeme.surveysInPeriod = 30
    vidzeme.barriers = [barrierCount("finance", label, surveys: 13, share: 13.0 / 30, previous: 9, previousShare: 9.0 / 20)]
    var kainuu = Tibs_Policy_V1_RegionBarriers()
    kainuu.region = "FI1D8"
    kainuu.surveysInPeriod = 18
    kainuu.barriers = [barrierCount("finance", label, surveys: 7, share: 7.0 / 18, previous: 6, previousShare: 0.6),
                       barrierCount("language", "Language", surveys: 7, share: 7.0 / 18, previous: 2, previousShare: 0.2)]
    report.regions = [vidzeme, kainuu]
    var upstream = Tibs_Policy_V1_UpstreamSync()
    upstream.upstream = "registry"
    upstream.cursor = 812
    upstream.syncedOnce = true
    report.sync.upstreams = [upstream]
    return report
}

func influenceFigures(adopted: UInt32, partly: UInt32, rejected: UInt32, open: UInt32) -> Tibs_Policy_V1_InfluenceFigures {
    var figures = Tibs_Policy_V1_InfluenceFigures()
    figures.adopted = adopted
    figures.partlyAdopted = partly
    figures.rejected = rejected
    figures.open = open
    figures.actions = adopted + partly + rejected + open
    figures.issues = 2
    let final = Double(adopted + partly + rejected)
    figures.adoptionRate = final == 0 ? 0 : (Double(adopted) + Double(partly) / 2) / final
    figures.medianDaysToFirstResponse = 17.5
    figures.responded = adopted + partly + rejected
    return figures
}

func sampleInfluenceReport(name: String = "Vidzeme Planning Region") -> Tibs_Policy_V1_InfluenceReport {
    var report = Tibs_Policy_V1_InfluenceReport()
    report.total = influenceFigures(adopted: 2, partly: 1, rejected: 1, open: 2)
    var first = Tibs_Policy_V1_InstitutionInfluence()
    first.institutionID = "0190-a"
    first.institutionName = name
    first.figures = influenceFigures(adopted: 2, partly: 1, rejected: 0, open: 1)
    var second = Tibs_Policy_V1_InstitutionInfluence()
    second.institutionID = "0190-b"
    second.institutionName = "Ministry of Economics"
    second.figures = influenceFigures(adopted: 0, partly: 0, rejected: 1, open: 1)
    report.institutions = [first, second]
    var region = Tibs_Policy_V1_RegionInfluence()
    region.region = "LV008"
    region.figures = report.total
    report.regions = [region]
    report.overdueAfterDays = 90
    return report
}

func questionDistribution(_ question: String, respondents: UInt64, _ answers: [(String, UInt64, Double)]) -> Tibs_Policy_V1_QuestionDistribution {
    var distribution = Tibs_Policy_V1_QuestionDistribution()
    distribution.question = question
    distribution.respondents = respondents
    distribution.answers = answers.map { text, count, mean in
        var share = Tibs_Policy_V1_CodeShare()
        share.code = policyCode(text)
        share.label = text.capitalized
        share.count = count
        share.share = Double(count) / Double(respondents)
        share.meanUsefulness = mean
        return share
    }
    return distribution
}

func sampleSurveyReport() -> Tibs_Policy_V1_SurveyReport {
    var report = Tibs_Policy_V1_SurveyReport()
    report.period = reportPeriod("2025-01", "2025-12")
    report.surveys = 21
    report.smes = 21
    report.questions = [questionDistribution("stage", respondents: 21, [("exploring", 9, 0), ("regular-exporter", 12, 0)]),
                        questionDistribution("barrier", respondents: 19, [("finance", 11, 0), ("language", 3, 0)]),
                        questionDistribution("support-form", respondents: 7, [("trade-fair", 5, 3.8), ("coaching", 2, 4.5)])]
    var micro = Tibs_Policy_V1_SurveyBreakdown()
    micro.dimension = "size_class"
    micro.value = "SIZE_CLASS_MICRO"
    micro.surveys = 9
    micro.questions = [questionDistribution("stage", respondents: 9, [("exploring", 6, 0), ("regular-exporter", 3, 0)])]
    report.breakdowns = [micro]
    return report
}

@Suite struct PolicyReportRenderTests {
    @Test func theBarrierPageIsXMLWithTwoChartsPerGroupWhoseBarsCarryTheSharesAndChanges() throws {
        let report = sampleBarrierReport()
        let page = PolicyReportXML.parse(BarrierReportView.html(report))
        #expect(page.failure == nil, "\(page.failure ?? "")")
        let groups = [report.barriers] + report.regions.map(\.barriers)
        #expect(page.charts.count == 2 * groups.count, "shares and change for all surveys and each region")
        for (index, barriers) in groups.enumerated() {
            #expect(page.charts[2 * index].map(\.value) == barriers.map(\.share))
            #expect(page.charts[2 * index + 1].map(\.value) == barriers.map(\.shareChange))
            #expect(page.charts[2 * index].map(\.label) == barriers.map(\.label))
        }
        #expect(page.text.contains("LV008") && page.text.contains("FI1D8") && page.text.contains("48 surveys"))
        #expect(page.text.contains("registry at 812"), "the page says how current the evidence is")
    }

    @Test func theHTMLIsSelfContainedNoScriptNoExternalAsset() throws {
        for document in [BarrierReportView.html(sampleBarrierReport()), InfluenceReportView.html(sampleInfluenceReport()),
                         SurveyReportView.html(sampleSurveyReport())] {
            let page = PolicyReportXML.parse(document)
            #expect(page.failure == nil, "\(page.failure ?? "")")
            #expect(page.elements.first == "html" && page.elements.contains("style"))
            for element in ["script", "link", "img", "iframe", "object", "image", "use", "foreignObject"] {
                #expect(!page.elements.contains(element), "no \(element)")
            }
            for attribute in ["src", "href", "xlink:href", "onload", "onclick"] { #expect(!page.attributeNames.contains(attribute)) }
            #expect(!document.contains("url("), "the CSS loads nothing")
        }
    }

    @Test func hostileNamesComeOutEscapedAndTheDocumentStillParses() throws {
        let hostile = "<script>alert(\"x\")</script> & 'Co' \u{202E}gpj.exe ]]>"
        for document in [BarrierReportView.html(sampleBarrierReport(label: hostile)), InfluenceReportView.html(sampleInfluenceReport(name: hostile))] {
            let page = PolicyReportXML.parse(document)
            #expect(page.failure == nil, "\(page.failure ?? "")")
            #expect(!page.elements.contains("script"))
            #expect(!document.contains("<script"), "the markup never holds the name raw")
            #expect(document.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;"))
            #expect(!document.unicodeScalars.contains("\u{202E}"), "the bidi override is shown, not obeyed")
            #expect(page.text.contains("<script>alert(\"x\")</script> & 'Co' \\u{202E}gpj.exe ]]>"), "read back, the name is text")
            #expect(page.charts.flatMap { $0 }.contains { $0.label.hasPrefix("<script>") }, "the data-label holds it, escaped")
        }
    }

    @Test func theInfluencePageChartsTheAdoptionRatePerInstitutionAndPerRegion() throws {
        let report = sampleInfluenceReport()
        let page = PolicyReportXML.parse(InfluenceReportView.html(report))
        #expect(page.failure == nil, "\(page.failure ?? "")")
        #expect(page.charts.count == 2)
        #expect(page.charts[0] == report.institutions.map { PolicyReportXML.Bar(label: $0.institutionName, value: $0.figures.adoptionRate) })
        #expect(page.charts[1] == report.regions.map { PolicyReportXML.Bar(label: $0.region, value: $0.figures.adoptionRate) })
        #expect(report.institutions[0].figures.adoptionRate == 2.5 / 3)
    }

    @Test func theSurveyPageHasOneChartPerQuestionForAllSurveysAndEachBreakdown() throws {
        let report = sampleSurveyReport()
        let page = PolicyReportXML.parse(SurveyReportView.html(report))
        #expect(page.failure == nil, "\(page.failure ?? "")")
        let questions = report.questions + report.breakdowns.flatMap(\.questions)
        #expect(page.charts.count == questions.count)
        for (chart, question) in zip(page.charts, questions) { #expect(chart.map(\.value) == question.answers.map(\.share)) }
        #expect(page.text.contains("Support forms and tools used") && page.text.contains("usefulness 3.8"))
    }

    @Test func aReportWithNoDataStillDrawsEachChartSayingSo() throws {
        var report = Tibs_Policy_V1_BarrierReport()
        report.period = reportPeriod("2025-01", "2025-03")
        let page = PolicyReportXML.parse(BarrierReportView.html(report))
        #expect(page.failure == nil && page.charts.count == 2 && page.charts.allSatisfy(\.isEmpty))
        #expect(page.text.contains("no data") && page.text.contains("no registry followed"))
    }

    @Test func theBarrierCSVHasOneRowPerGroupAndCodeWithTheExactNumbers() throws {
        let report = sampleBarrierReport()
        let lines = BarrierReportView.csv(report).split(separator: "\n").map(String.init)
        #expect(lines.first == "group,surveys_in_period,barrier,label,surveys,share,previous_surveys,previous_share,share_change")
        #expect(lines.count == 1 + 2 + 1 + 2)
        let kainuuLanguage = try #require(lines.first { $0.hasPrefix("FI1D8,18,language,") }).split(separator: ",").map(String.init)
        #expect(Double(kainuuLanguage[5]) == 7.0 / 18 && Double(kainuuLanguage[8]) == 7.0 / 18 - 0.2, "\(kainuuLanguage)")
        #expect(lines[1].hasPrefix("all,48,finance,Lack of finance,20,"))
    }

    @Test func csvQuotesSeparatorsAndDisarmsFormulasInUserText() throws {
        let csv = InfluenceReportView.csv(sampleInfluenceReport(name: "=HYPERLINK(\"x\"), Riga"))
        #expect(csv.contains("institution,0190-a,\"'=HYPERLINK(\"\"x\"\"), Riga\",2,4,2,1,0,0,1,0,0.8333333333333334,17.5,3"), "\(csv)")
        let survey = SurveyReportView.csv(sampleSurveyReport()).split(separator: "\n")
        #expect(survey.count == 1 + 6 + 2 && survey[1] == "all,,21,stage,21,exploring,Exploring,9,0.42857142857142855,0")
    }

    @Test func theTablesShowPercentagesAndPointsOfChange() throws {
        let table = BarrierReportView.table(sampleBarrierReport())
        #expect(table.contains("41.7%") && table.contains("-8.3 pp") && table.contains("FI1D8"), "\(table)")
        let influence = InfluenceReportView.table(sampleInfluenceReport())
        #expect(influence.contains("83.3%") && influence.contains("Ministry of Economics") && influence.contains("90 days"), "\(influence)")
    }

    @Test func advanceRefusesAnUnknownStepNamingTheValidOnes() throws {
        #expect(try ActionStep.parse("Partly_Adopted", flag: "--to", among: ActionStep.targets) == .partlyAdopted)
        #expect(try ActionStep.parse("ACTION_STATUS_PARTLY_ADOPTED", flag: "--to", among: ActionStep.targets) == .partlyAdopted)
        #expect(throws: CLIFailure.usage("--to: 'accepted' is not one of acknowledged, under-consideration, adopted, partly-adopted, rejected, no-response"
                                         + " (or the proto names, ACTION_STATUS_ACKNOWLEDGED, …; any case)")) {
            try ActionStep.parse("accepted", flag: "--to", among: ActionStep.targets)
        }
        #expect(throws: CLIFailure.self) { try ActionStep.parse("submitted", flag: "--to", among: ActionStep.targets) }
        #expect(ActionStep.underConsideration.enumName == "ACTION_STATUS_UNDER_CONSIDERATION")
    }

    @Test func aPriorityIsCodeEqualsWeight() throws {
        #expect(try StrategySet.priority("ict@2=0.75") == .object([
            JSONMember("s3Area", .object([JSONMember("code", .string("ict")), JSONMember("version", .string("2"))])),
            JSONMember("weight", .number("0.75"))]))
        #expect(throws: CLIFailure.self) { try StrategySet.priority("ict") }
        #expect(throws: CLIFailure.self) { try StrategySet.priority("ict=high") }
    }
}
