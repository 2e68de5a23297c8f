import Testing
import TIBSDomain
import TIBSPolicy
import TIBSServiceApp
import TIBSTestSupport

@Suite struct InfluenceReportTests {
    /// Two institutions, two issues (Riga; Riga and Tallinn), five actions (see each line), today 2026-06-15, 90 days.
    func seed(_ app: PolicyApp) async throws -> (a: String, b: String) {
        guard case .new(let a) = try await app.createInstitution(Fixtures.ministry(), by: admin),
              case .new(let b) = try await app.createInstitution(Fixtures.council(), by: admin),
              case .new(let riga) = try await app.raisePolicyIssue(Fixtures.issue(regions: ["LV006"]), by: admin),
              case .new(let both) = try await app.raisePolicyIssue(Fixtures.issue(regions: ["LV006", "EE001"]), by: admin)
        else { throw CancellationError() }
        let ministry = a.institution.id, council = b.institution.id
        func action(_ issue: String, _ institution: String, _ submitted: String, _ steps: [(ActionStatus, String)]) async throws {
            guard case .new(let added) = try await app.addInfluenceAction(issueID: issue, Fixtures.action(institution: institution, submittedOn: submitted),
                                                                          note: "", by: admin) else { return }
            for (index, step) in steps.enumerated() {
                _ = try await app.advanceInfluenceAction(id: added.action.id, expectedVersion: Int64(index + 1), to: step.0, onDate: day(step.1),
                                                         note: "", documents: [], by: admin)
            }
        }
        // Adopted, first answer after 10 days.
        try await action(riga.id, ministry, "2026-01-01", [(.acknowledged, "2026-01-11"), (.underConsideration, "2026-01-20"), (.adopted, "2026-02-01")])
        // Partly adopted, first answer after 20 days.
        try await action(riga.id, ministry, "2026-01-01", [(.acknowledged, "2026-01-21"), (.underConsideration, "2026-02-01"), (.partlyAdopted, "2026-03-01")])
        // No response: final, no answer.
        try await action(both.id, ministry, "2026-02-01", [(.noResponse, "2026-06-01")])
        // Open and overdue (due 2026-04-15).
        try await action(both.id, council, "2026-01-15", [])
        // Rejected, first answer after 10 days.
        try await action(both.id, council, "2026-02-01", [(.acknowledged, "2026-02-11"), (.underConsideration, "2026-03-01"), (.rejected, "2026-04-01")])
        return (ministry, council)
    }

    @Test func theFiguresOfAHandBuiltSet() async throws {
        try await withPolicy { app in
            let (ministry, council) = try await seed(app)
            let report = try await app.influenceReport(InfluenceReportRequest())
            let total = report.total
            #expect([total.issues, total.actions, total.adopted, total.partlyAdopted, total.rejected, total.noResponse, total.open, total.overdue]
                == [2, 5, 1, 1, 1, 1, 1, 1])
            #expect(total.adoptionRate == 0.375)
            #expect(total.responded == 3)
            #expect(total.medianDaysToFirstResponse == 10)
            #expect(report.overdueAfterDays == 90)

            #expect(report.institutions.map(\.institutionID) == [ministry, council], "by adoption rate")
            let m = report.institutions[0].figures, c = report.institutions[1].figures
            #expect([m.issues, m.actions, m.adopted, m.partlyAdopted, m.noResponse, m.open] == [2, 3, 1, 1, 1, 0])
            #expect(m.adoptionRate == 0.5)
            #expect(m.medianDaysToFirstResponse == 15)
            #expect(report.institutions[0].institutionName == "Ministry of Economics")
            #expect([c.issues, c.actions, c.rejected, c.open, c.overdue, c.responded] == [1, 2, 1, 1, 1, 1])
            #expect(c.adoptionRate == 0)

            #expect(report.regions.map(\.region) == ["EE001", "LV006"])
            let tallinn = report.regions[0].figures
            #expect([tallinn.issues, tallinn.actions, tallinn.rejected, tallinn.noResponse, tallinn.open, tallinn.overdue] == [1, 3, 1, 1, 1, 1])
            #expect(tallinn.adoptionRate == 0)
            #expect(report.regions[1].figures == total)
        }
    }

    @Test func theRegionAndRaisedDaysSelectTheIssues() async throws {
        try await withPolicy { app in
            _ = try await seed(app)
            let estonia = try await app.influenceReport(InfluenceReportRequest(region: "EE"))
            #expect(estonia.total.issues == 1 && estonia.total.actions == 3)
            #expect(estonia.regions.map(\.region) == ["EE001"])
            let before = try await app.influenceReport(InfluenceReportRequest(raisedTo: day("2026-06-14")))
            #expect(before.total == InfluenceFigures())
            #expect(before.institutions.isEmpty && before.regions.isEmpty)
            let from = try await app.influenceReport(InfluenceReportRequest(raisedFrom: day("2026-06-15")))
            #expect(from.total.issues == 2)
        }
    }

    @Test func theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        #expect(InfluenceFigures.median([]) == 0)
        #expect(InfluenceFigures.median([7]) == 7)
        #expect(InfluenceFigures.median([30, 10, 20, 40]) == 25)
    }
}
