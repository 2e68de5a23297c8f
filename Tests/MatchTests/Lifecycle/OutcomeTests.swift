import Testing
import TIBSDomain
import TIBSMatch
import TIBSServiceApp

@Suite struct OutcomeTests {
    static func code(_ c: String, _ version: String = "") -> VersionedCode { VersionedCode(code: c, version: version) }

    @Test func outcomesAreValidatedAgainstTheSurveyListsAndTheState() async throws {
        try await Lifecycle.withApp { app, _ in
            let discussing = try await Lifecycle.walk(app, try await Lifecycle.propose(app, candidate: FixedDirectory.offerID), to: .inDiscussion)
            let caller = Lifecycle.caller(Lifecycle.admin)
            // Not yet finished.
            await #expect(throws: ServiceError.failedPrecondition("an outcome is recorded after an agreement or a closure; match \(discussing.id) is in discussion")) {
                try await app.recordOutcome(id: discussing.id, expectedVersion: discussing.version, MatchOutcomeInput(success: true), by: caller)
            }
            let agreed = try await Lifecycle.advance(app, discussing, to: .agreement)
            let before = try await Lifecycle.snapshot(app.store)
            // Codes from the wrong list, unknown, repeated, at another version; reasons of the other kind.
            let bad = MatchOutcomeInput(success: true, successReasons: [Self.code("unreliable-partner"), Self.code("product-quality"),
                                                                        Self.code("product-quality"), Self.code("trade-fairs", "1999-01")],
                                        failureReasons: [Self.code("payment-problems")], advantages: [Self.code("nope")])
            let error = await #expect(throws: ValidationErrors.self) {
                try await app.recordOutcome(id: agreed.id, expectedVersion: agreed.version, bad, by: caller)
            }
            #expect(Set(error?.fields ?? []) == ["outcome.success_reasons[0].code", "outcome.success_reasons[2].code",
                                                 "outcome.success_reasons[3].version", "outcome.failure_reasons", "outcome.advantages[0].code"])
            // success must agree with the state.
            await #expect(throws: ServiceError.self) {
                try await app.recordOutcome(id: agreed.id, expectedVersion: agreed.version,
                                            MatchOutcomeInput(success: false, failureReasons: [Self.code("payment-problems")]), by: caller)
            }
            #expect(try await Lifecycle.snapshot(app.store) == before)

            let good = MatchOutcomeInput(success: true, successReasons: [Self.code(" Product-Quality ")],
                                         advantages: [Self.code("new-customers", SurveyCodes.bundledVersion)], note: "signed")
            let recorded = try await app.recordOutcome(id: agreed.id, expectedVersion: agreed.version, good, by: caller).match
            #expect(recorded.outcome?.successReasons == [Self.code("product-quality", SurveyCodes.bundledVersion)])
            #expect(recorded.outcome?.advantages == [Self.code("new-customers", SurveyCodes.bundledVersion)])
            #expect(recorded.outcome?.recordedBy == "admin-1")
            // Once.
            await #expect(throws: ServiceError.failedPrecondition("match \(agreed.id) already has its outcome")) {
                try await app.recordOutcome(id: agreed.id, expectedVersion: recorded.version, good, by: caller)
            }
            // A closure takes failure reasons.
            let closed = try await Lifecycle.walk(app, try await Lifecycle.propose(app, candidate: "catalogue-ee/gen-closed"), to: .closedWithoutAgreement)
            let failed = try await app.recordOutcome(id: closed.id, expectedVersion: closed.version,
                                                     MatchOutcomeInput(success: false, failureReasons: [Self.code("regulatory-hurdles")]), by: caller)
            #expect(failed.match.outcome?.success == false)
        }
    }

    @Test func followUpsAreDueThreeSixAndTwelveMonthsAfterTheAgreement() async throws {
        try await Lifecycle.withApp(clock: DayClock("2026-08-31")) { app, clock in
            let agreed = try await Lifecycle.walk(app, try await Lifecycle.propose(app, candidate: FixedDirectory.offerID), to: .agreement)
            #expect(agreed.followUps.map(\.months) == [3, 6, 12])
            #expect(agreed.followUps.map(\.dueOn.description) == ["2026-11-30", "2027-02-28", "2027-08-31"])
            let caller = Lifecycle.caller(Lifecycle.brokerLV)
            #expect(try await app.listFollowUpsDue(region: "", onDate: nil, by: Lifecycle.admin).isEmpty)
            // Not due yet; not a scheduled month.
            await #expect(throws: ServiceError.self) {
                try await app.recordFollowUp(id: agreed.id, expectedVersion: agreed.version, months: 3, note: "", by: caller)
            }
            await #expect(throws: ValidationErrors.self) {
                try await app.recordFollowUp(id: agreed.id, expectedVersion: agreed.version, months: 4, note: "", by: caller)
            }

            clock.set("2027-03-01")
            let due = try await app.listFollowUpsDue(region: "", onDate: nil, by: Lifecycle.admin)
            #expect(due.map(\.months) == [3, 6])
            #expect(due.first?.needRegion.nutsCode == "LV006" && due.first?.candidateRegion.nutsCode == "LT011")
            #expect(try await app.listFollowUpsDue(region: "EE", onDate: nil, by: Lifecycle.admin).isEmpty)
            #expect(try await app.listFollowUpsDue(region: "", onDate: nil, by: Lifecycle.brokerPL).isEmpty)
            #expect(try await app.listFollowUpsDue(region: "", onDate: CalendarDate("2026-12-01"), by: Lifecycle.brokerLT).map(\.months) == [3])

            let first = try await app.recordFollowUp(id: agreed.id, expectedVersion: agreed.version, months: 6, note: "going well", by: caller).match
            #expect(first.followUps.first { $0.months == 6 }?.done == true)
            #expect(try await app.listFollowUpsDue(region: "", onDate: nil, by: Lifecycle.admin).map(\.months) == [3])
            await #expect(throws: ServiceError.failedPrecondition("the 6-month follow-up of match \(agreed.id) is recorded")) {
                try await app.recordFollowUp(id: agreed.id, expectedVersion: first.version, months: 6, note: "", by: caller)
            }
            // No follow-ups without an agreement.
            let declined = try await Lifecycle.walk(app, try await Lifecycle.propose(app, candidate: "catalogue-ee/gen-x"), to: .declined)
            await #expect(throws: ServiceError.self) {
                try await app.recordFollowUp(id: declined.id, expectedVersion: declined.version, months: 3, note: "", by: caller)
            }
        }
    }
}
