import Foundation
import Testing
import TIBSDomain
import TIBSPolicy
import TIBSServiceApp
import TIBSTestSupport

@Suite struct InfluenceActionTests {
    /// An institution, an issue on Riga and one action submitted on 2026-03-01.
    func setUp(_ app: PolicyApp) async throws -> (institution: String, issue: String, action: InfluenceAction) {
        guard case .new(let institution) = try await app.createInstitution(Fixtures.ministry(), by: admin),
              case .new(let issue) = try await app.raisePolicyIssue(Fixtures.issue(), by: rigaBroker),
              case .new(let action) = try await app.addInfluenceAction(issueID: issue.id, Fixtures.action(institution: institution.institution.id),
                                                                       note: "sent", by: rigaBroker)
        else { throw CancellationError() }
        return (institution.institution.id, issue.id, action.action)
    }

    @Test func eachStepRecordsActorTimeDayAndNoteAndTheFirstResponse() async throws {
        try await withPolicy { app in
            let (_, _, action) = try await setUp(app)
            #expect(action.status == .submitted)
            #expect(action.history.count == 1)
            #expect(action.history[0].from == nil && action.history[0].onDate == day("2026-03-01") && action.history[0].note == "sent")
            #expect(action.firstResponseOn == nil)
            let acknowledged = try await app.advanceInfluenceAction(id: action.id, expectedVersion: 1, to: .acknowledged, onDate: day("2026-03-20"),
                                                                   note: "reply received", documents: [], by: rigaBroker)
            #expect(acknowledged.action.version == 2)
            #expect(acknowledged.action.firstResponseOn == day("2026-03-20"))
            let step = try #require(acknowledged.action.history.last)
            #expect(step.from == .submitted && step.to == .acknowledged && step.actor == "broker-riga" && step.note == "reply received")
            #expect(step.at == app.store.now)
            let considered = try await app.advanceInfluenceAction(id: action.id, expectedVersion: 2, to: .underConsideration, onDate: nil, note: "",
                                                                 documents: [DocumentRef(title: "Minutes")], by: admin)
            #expect(considered.action.history.last?.onDate == day("2026-06-15"))
            #expect(considered.action.firstResponseOn == day("2026-03-20"))
            #expect(considered.action.fields.documents.count == 2)
        }
    }

    @Test func anIllegalStepIsFailedPreconditionNamingBothStatesAndChangesNothing() async throws {
        try await withPolicy { app in
            let (_, _, action) = try await setUp(app)
            try await expectUnchanged(app.store) {
                let error = await serviceError {
                    _ = try await app.advanceInfluenceAction(id: action.id, expectedVersion: 1, to: .adopted, onDate: nil, note: "",
                                                             documents: [], by: rigaBroker)
                }
                guard case .failedPrecondition(let why) = error else { Issue.record("\(String(describing: error))"); return }
                #expect(why.contains("SUBMITTED") && why.contains("ADOPTED"))
            }
        }
    }

    @Test func staleVersionIsAbortedAndChangesNothing() async throws {
        try await withPolicy { app in
            let (_, _, action) = try await setUp(app)
            try await expectUnchanged(app.store) {
                let error = await serviceError {
                    _ = try await app.advanceInfluenceAction(id: action.id, expectedVersion: 7, to: .acknowledged, onDate: nil, note: "",
                                                             documents: [], by: rigaBroker)
                }
                #expect(error == .staleVersion(entity: "influence action", id: action.id, expected: 7, actual: 1))
            }
        }
    }

    @Test func aStepMayNotPrecedeTheLastOneNorLieInTheFuture() async throws {
        try await withPolicy { app in
            let (_, _, action) = try await setUp(app)
            try await expectUnchanged(app.store) {
                await violations(["on_date"]) {
                    _ = try await app.advanceInfluenceAction(id: action.id, expectedVersion: 1, to: .acknowledged, onDate: day("2026-02-28"),
                                                             note: "", documents: [], by: rigaBroker)
                }
                await violations(["on_date"]) {
                    _ = try await app.advanceInfluenceAction(id: action.id, expectedVersion: 1, to: .acknowledged, onDate: day("2026-06-16"),
                                                             note: "", documents: [], by: rigaBroker)
                }
            }
        }
    }

    @Test func addingNeedsAnExistingIssueAndInstitutionAndAPastSubmissionDay() async throws {
        try await withPolicy { app in
            let (institution, issue, _) = try await setUp(app)
            try await expectUnchanged(app.store) {
                let missing = "01900000-0000-7000-8000-000000000000"
                #expect(await serviceError {
                    _ = try await app.addInfluenceAction(issueID: issue, Fixtures.action(institution: missing), note: "", by: rigaBroker)
                } == .notFound(entity: "institution", id: missing))
                #expect(await serviceError {
                    _ = try await app.addInfluenceAction(issueID: missing, Fixtures.action(institution: institution), note: "", by: rigaBroker)
                } == .notFound(entity: "policy issue", id: missing))
                await violations(["fields.submitted_on"]) {
                    _ = try await app.addInfluenceAction(issueID: issue, Fixtures.action(institution: institution, submittedOn: "2026-06-16"),
                                                         note: "", by: rigaBroker)
                }
                var noKind = Fixtures.action(institution: institution)
                noKind.kind = nil
                noKind.documents = [DocumentRef(title: "", url: "http://plain.example.lv")]
                await violations(["fields.kind", "fields.documents[0].title", "fields.documents[0].url"]) {
                    _ = try await app.addInfluenceAction(issueID: issue, noKind, note: "", by: rigaBroker)
                }
            }
        }
    }

    @Test func onlyBrokersOfEveryIssueRegionAndAdminsRecordActions() async throws {
        try await withPolicy { app in
            let (institution, issue, action) = try await setUp(app)
            let tallinn = caller(.broker, regions: ["EE001"])
            for outsider in [tallinn, caller(.analyst), caller(.integrator), caller(.service)] {
                try await expectUnchanged(app.store) {
                    let refused = await serviceError {
                        _ = try await app.addInfluenceAction(issueID: issue, Fixtures.action(institution: institution), note: "", by: outsider)
                    }
                    guard case .permissionDenied = refused else { Issue.record("\(outsider.principal.role): \(String(describing: refused))"); return }
                    let advance = await serviceError {
                        _ = try await app.advanceInfluenceAction(id: action.id, expectedVersion: 1, to: .acknowledged, onDate: nil, note: "",
                                                                 documents: [], by: outsider)
                    }
                    guard case .permissionDenied = advance else { Issue.record("\(outsider.principal.role): \(String(describing: advance))"); return }
                }
            }
            _ = try await app.addInfluenceAction(issueID: issue, Fixtures.action(institution: institution), note: "", by: admin)
        }
    }

    @Test func overdueIsJudgedOnTheStoreClockAfterTheConfiguredDays() async throws {
        let clock = ManualClock(noon("2026-03-02"))
        try await withPolicy(clock: clock, overdueAfterDays: 30) { app in
            let (institution, issue, late) = try await setUp(app)
            guard case .new(let answered) = try await app.addInfluenceAction(issueID: issue, Fixtures.action(institution: institution), note: "",
                                                                             by: rigaBroker) else { return }
            func overdue() async throws -> [String] {
                try await app.listInfluenceActions(ActionFilter(overdueOnly: true), page: PageRequest(size: 50, after: nil)).items.map(\.action.id)
            }
            clock.advance(by: 29 * 86_400)  // 2026-03-31: the last day in time
            _ = try await app.advanceInfluenceAction(id: answered.action.id, expectedVersion: 1, to: .acknowledged, onDate: nil,
                                                     note: "", documents: [], by: rigaBroker)
            #expect(try await overdue().isEmpty)
            clock.advance(by: 86_400)  // 2026-04-01
            #expect(try await overdue() == [late.id])
            let listed = try await app.listInfluenceActions(ActionFilter(issueID: issue), page: PageRequest(size: 50, after: nil)).items
            #expect(listed.map(\.overdue) == [true, false])
            _ = try await app.advanceInfluenceAction(id: late.id, expectedVersion: 1, to: .acknowledged, onDate: nil, note: "", documents: [],
                                                     by: rigaBroker)
            #expect(try await overdue() == [late.id], "an answer after the window leaves it overdue until it is final")
            _ = try await app.advanceInfluenceAction(id: late.id, expectedVersion: 2, to: .noResponse, onDate: nil, note: "", documents: [],
                                                     by: rigaBroker)
            #expect(try await overdue().isEmpty)
        }
    }
}
