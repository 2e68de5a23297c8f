import Testing
import TIBSDomain
import TIBSPolicy
import TIBSServiceApp
import TIBSTestSupport

@Suite struct PolicyIssueTests {
    func seedEvidence(_ app: PolicyApp) async throws {
        try await app.ledger { db in
            try EvidenceLedger.upsertSME(db, upstream: "registry", Fixtures.sme("r1"))
            try EvidenceLedger.upsertSurvey(db, upstream: "registry", Fixtures.survey("a", sme: "r1", on: "2026-02-01", barriers: ["financing", "logistics"]))
            try EvidenceLedger.upsertSurvey(db, upstream: "registry", Fixtures.survey("b", sme: "r1", on: "2026-03-01", barriers: ["logistics"]))
            try EvidenceLedger.upsertSurvey(db, upstream: "registry", Fixtures.survey("c", sme: "r1", on: "2026-03-01", region: "LV007", barriers: ["financing"]))
            try EvidenceLedger.upsertSurvey(db, upstream: "registry", Fixtures.survey("p", sme: "r1", on: "2025-10-01", barriers: ["financing"]))
        }
    }

    @Test func theEvidenceIsFrozenWhenTheIssueIsRaised() async throws {
        try await withPolicy { app in
            try await seedEvidence(app)
            guard case .new(let issue) = try await app.raisePolicyIssue(Fixtures.issue(regions: ["LV006", "LV007"]), by: rigaBroker) else { return }
            let report = issue.evidence.report
            #expect(issue.evidence.request.period == issue.fields.evidencePeriod)
            #expect(report.surveysInPeriod == 3)
            #expect(report.previousSurveysInPeriod == 1)
            #expect(report.barriers.map(\.barrier) == ["financing"], "only the issue's barriers")
            #expect(report.barriers.first?.surveys == 2)
            #expect(report.regions.map(\.region) == ["LV006", "LV007"])
            #expect(report.regions.map(\.surveysInPeriod) == [2, 1])
            #expect(issue.evidence.takenAt == app.store.now)
            try await app.ledger { db in
                try EvidenceLedger.upsertSurvey(db, upstream: "registry", Fixtures.survey("late", sme: "r1", on: "2026-04-01", barriers: ["financing"]))
            }
            #expect(try await app.getPolicyIssue(id: issue.id).evidence == issue.evidence)
        }
    }

    @Test func aRegionInsideAnotherOfTheIssueIsCountedOnceInTheTotals() async throws {
        try await withPolicy { app in
            try await seedEvidence(app)
            guard case .new(let issue) = try await app.raisePolicyIssue(Fixtures.issue(regions: ["LV", "LV006"]), by: admin) else { return }
            #expect(issue.evidence.report.surveysInPeriod == 3)
        }
    }

    @Test func brokersRaiseOnlyForRegionsAllInTheirScope() async throws {
        try await withPolicy { app in
            try await expectUnchanged(app.store) {
                for outsider in [rigaBroker, caller(.analyst), caller(.integrator), caller(.service)] {
                    #expect(await serviceError { _ = try await app.raisePolicyIssue(Fixtures.issue(regions: ["LV006", "EE001"]), by: outsider) }
                        .map(isDenied) == true, "\(outsider.principal.role)")
                }
            }
            _ = try await app.raisePolicyIssue(Fixtures.issue(regions: ["LV006", "LV007"]), by: rigaBroker)
            _ = try await app.raisePolicyIssue(Fixtures.issue(regions: ["LV006", "EE001"]), by: admin)
        }
    }

    @Test func brokenIssuesNameEveryField() async throws {
        try await withPolicy { app in
            try await expectUnchanged(app.store) {
                let input = PolicyIssueInput(barriers: [VersionedCode(code: "ict", version: ""), VersionedCode(code: "financing", version: "1999")],
                                             regions: ["LV006", "LV006", "XX1"], title: "", statement: "", requestedChange: "",
                                             evidenceFromMonth: "2026-06", evidenceToMonth: "2026-01")
                await violations(["barriers[0].code", "barriers[1].version", "regions[1]", "regions[2]", "title", "statement", "requested_change",
                                  "evidence_period.to_month"]) {
                    _ = try await app.raisePolicyIssue(input, by: admin)
                }
                await violations(["barriers", "regions"]) {
                    _ = try await app.raisePolicyIssue(Fixtures.issue(regions: [], barriers: []), by: admin)
                }
            }
        }
    }

    @Test func listingFiltersByRegionBarrierAndOpenActions() async throws {
        try await withPolicy { app in
            guard case .new(let institution) = try await app.createInstitution(Fixtures.ministry(), by: admin),
                  case .new(let riga) = try await app.raisePolicyIssue(Fixtures.issue(regions: ["LV006"], barriers: ["financing"]), by: admin),
                  case .new(let tallinn) = try await app.raisePolicyIssue(Fixtures.issue(regions: ["EE001"], barriers: ["logistics"]), by: admin),
                  case .new(let closed) = try await app.raisePolicyIssue(Fixtures.issue(regions: ["LV007"], barriers: ["financing"]), by: admin),
                  case .new(let action) = try await app.addInfluenceAction(issueID: closed.id, Fixtures.action(institution: institution.institution.id),
                                                                           note: "", by: admin)
            else { return }
            _ = try await app.advanceInfluenceAction(id: action.action.id, expectedVersion: 1, to: .noResponse, onDate: nil, note: "", documents: [],
                                                     by: admin)
            func ids(_ filter: IssueFilter) async throws -> Set<String> {
                Set(try await app.listPolicyIssues(filter, page: PageRequest(size: 10, after: nil)).items.map(\.id))
            }
            #expect(try await ids(IssueFilter(region: "LV")) == [riga.id, closed.id])
            #expect(try await ids(IssueFilter(region: "LV006")) == [riga.id])
            #expect(try await ids(IssueFilter(barrier: "logistics")) == [tallinn.id])
            #expect(try await ids(IssueFilter(openOnly: true)) == [riga.id, tallinn.id])
            let counted = try await app.getPolicyIssue(id: closed.id)
            #expect(counted.actions == 1 && counted.openActions == 0)
            await violations(["barrier"]) { _ = try IssueFilter(barrier: "ict").validated(codes: .bundled) }
        }
    }
}
