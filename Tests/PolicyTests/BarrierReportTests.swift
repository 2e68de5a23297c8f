import Testing
import TIBSDomain
import TIBSPolicy
import TIBSServiceApp

@Suite struct BarrierReportTests {
    /// Riga: 4 surveys in 2026-01..06 (3 name financing, 1 logistics); 2 in the previous half-year
    /// (1 financing). Tartu (EE008): 2 in the period, both logistics.
    func seed(_ app: PolicyApp) async throws {
        try await app.ledger { db in
            try EvidenceLedger.upsertSME(db, upstream: "registry", Fixtures.sme("r1", size: .micro, s3: ["ict"]))
            try EvidenceLedger.upsertSME(db, upstream: "registry", Fixtures.sme("r2", size: .small, s3: ["ict", "sustainable-innovation"]))
            try EvidenceLedger.upsertSME(db, upstream: "registry", SMEFacts(id: "t1", country: "EE", region: "EE008", sizeClass: .micro, s3Areas: []))
            let surveys = [
                Fixtures.survey("a", sme: "r1", on: "2026-01-05", barriers: ["financing"]),
                Fixtures.survey("b", sme: "r1", on: "2026-03-05", barriers: ["financing", "logistics"]),
                Fixtures.survey("c", sme: "r2", on: "2026-06-30", stage: .regularExporter, barriers: ["financing"]),
                Fixtures.survey("d", sme: "r2", on: "2026-02-01", barriers: []),
                Fixtures.survey("p1", sme: "r1", on: "2025-07-01", barriers: ["financing"]),
                Fixtures.survey("p2", sme: "r2", on: "2025-12-31", barriers: ["legal-and-tax"]),
                Fixtures.survey("old", sme: "r2", on: "2025-06-30", barriers: ["financing"]),
                Fixtures.survey("t-a", sme: "t1", on: "2026-02-01", region: "EE008", barriers: ["logistics"]),
                Fixtures.survey("t-b", sme: "t1", on: "2026-04-01", region: "EE008", barriers: ["logistics"]),
            ]
            for survey in surveys { try EvidenceLedger.upsertSurvey(db, upstream: "registry", survey) }
        }
    }

    let firstHalf = Period(from: Month(year: 2026, month: 1), to: Month(year: 2026, month: 6))

    @Test func sharesAndChangeAgainstThePreviousPeriodOfEqualLength() async throws {
        try await withPolicy { app in
            try await seed(app)
            let report = try await app.barrierReport(BarrierReportRequest(filter: EvidenceFilter(region: "LV006"), period: firstHalf))
            #expect(report.previousPeriod == Period(from: Month(year: 2025, month: 7), to: Month(year: 2025, month: 12)))
            #expect(report.surveysInPeriod == 4)
            #expect(report.previousSurveysInPeriod == 2)
            #expect(report.barriers.map(\.barrier) == ["financing", "logistics", "legal-and-tax"])
            let financing = try #require(report.barriers.first)
            #expect(financing.surveys == 3)
            #expect(financing.share == 0.75)
            #expect(financing.previousSurveys == 1)
            #expect(financing.previousShare == 0.5)
            #expect(financing.shareChange == 0.25)
            #expect(financing.label == "Lack of financing for internationalisation")
            #expect(report.sync.isEmpty)
        }
    }

    @Test func filtersCombineWithAnd() async throws {
        try await withPolicy { app in
            try await seed(app)
            func surveys(_ filter: EvidenceFilter) async throws -> Int {
                try await app.barrierReport(BarrierReportRequest(filter: filter, period: firstHalf)).surveysInPeriod
            }
            #expect(try await surveys(EvidenceFilter()) == 6)
            #expect(try await surveys(EvidenceFilter(country: "EE")) == 2)
            #expect(try await surveys(EvidenceFilter(country: "LV", s3Area: "sustainable-innovation")) == 2)
            #expect(try await surveys(EvidenceFilter(region: "LV006", sizeClass: .micro)) == 2)
            #expect(try await surveys(EvidenceFilter(sizeClass: .micro, stage: .exploring)) == 4)
            #expect(try await surveys(EvidenceFilter(s3Area: "ict", stage: .regularExporter)) == 1)
        }
    }

    @Test func groupsByNUTSLevelAndKeepsTheTopBarriers() async throws {
        try await withPolicy { app in
            try await seed(app)
            let report = try await app.barrierReport(BarrierReportRequest(period: firstHalf, groupByLevel: 3, top: 1))
            #expect(report.regions.map(\.region) == ["LV006", "EE008"])
            #expect(report.regions.map(\.surveysInPeriod) == [4, 2])
            #expect(report.regions[0].barriers.map(\.barrier) == ["financing"])
            #expect(report.regions[1].barriers.map(\.barrier) == ["logistics"])
            #expect(report.barriers.count == 1)
            let inRiga = try await app.barrierReport(BarrierReportRequest(filter: EvidenceFilter(region: "LV006"), period: firstHalf, groupByLevel: 2))
            #expect(inRiga.regions.map(\.region) == ["LV00"])
            #expect(inRiga.regions.map(\.surveysInPeriod) == [4])
        }
    }

    @Test func anEmptyLedgerAnswersZeros() async throws {
        try await withPolicy { app in
            let report = try await app.barrierReport(BarrierReportRequest(period: firstHalf, groupByLevel: 2))
            #expect(report.surveysInPeriod == 0)
            #expect(report.barriers.isEmpty)
            #expect(report.regions.isEmpty)
        }
    }

    @Test func unknownCodesAndRegionsAreRefusedNamingTheField() async {
        let codes = CodeLists.bundled
        await violations(["filter.region"]) { _ = try EvidenceFilter(region: "LV999").validated(codes: codes) }
        await violations(["filter.s3_area"]) { _ = try EvidenceFilter(s3Area: "rocketry").validated(codes: codes) }
        await violations(["filter.country"]) { _ = try EvidenceFilter(country: "XX").validated(codes: codes) }
        await violations(["filter.region"]) { _ = try EvidenceFilter(country: "EE", region: "LV006").validated(codes: codes) }
    }

    @Test func periodsAreWholeMonthsInOrderAndAtMost120Long() async throws {
        await violations(["period"]) { _ = try Period.validated(from: "", to: "", field: "period") }
        await violations(["period.from_month"]) { _ = try Period.validated(from: "2026-13", to: "2026-12", field: "period") }
        await violations(["period.to_month"]) { _ = try Period.validated(from: "2026-05", to: "2026-04", field: "period") }
        await violations(["period.to_month"]) { _ = try Period.validated(from: "2016-01", to: "2026-01", field: "period") }
        #expect(try Period.validated(from: "2016-02", to: "2026-01", field: "period").months == 120)
        #expect(try Period.validated(from: "2026-04", to: "2026-04", field: "period").previous
            == Period(from: Month(year: 2026, month: 3), to: Month(year: 2026, month: 3)))
    }
}
