import Testing
import TIBSDomain
import TIBSMatch
import TIBSServiceApp
import TIBSTestSupport

/// Deadlines move with the injected store clock; overdue lists the awaited region and its brokers.
@Suite struct DeadlineTests {
    @Test func eachStepAwaitsTheOtherSideWithinTenWorkingDays() async throws {
        try await Lifecycle.withApp(clock: DayClock("2026-03-02")) { app, clock in
            let match = try await Lifecycle.propose(app, candidate: FixedDirectory.offerID, by: Lifecycle.brokerLV)
            #expect(match.steps.first?.actorSide == .need)
            #expect(match.awaiting == .candidate)
            #expect(match.respondBy?.description == "2026-03-16")
            #expect(match.isTransnational)

            clock.set("2026-03-04")
            let shortlisted = try await Lifecycle.advance(app, match, to: .shortlisted, by: Lifecycle.brokerLT)
            #expect(shortlisted.steps.last?.actorSide == .candidate)
            #expect(shortlisted.awaiting == .need)
            #expect(shortlisted.respondBy?.description == "2026-03-18")

            // Not late on the deadline itself; late from the next day, counted in working days.
            #expect(try await app.listOverdue(region: "", broker: "", onDate: CalendarDate("2026-03-18"), by: Lifecycle.admin).isEmpty)
            let late = try await app.listOverdue(region: "", broker: "", onDate: CalendarDate("2026-03-23"), by: Lifecycle.admin)
            #expect(late.count == 1)
            #expect(late.first?.awaiting == .need)
            #expect(late.first?.workingDaysLate == 3)   // Thu 19, Fri 20, Mon 23
            #expect(late.first?.brokers == ["broker-lv"])
            // By the store clock's day when none is given.
            clock.set("2026-03-19")
            #expect(try await app.listOverdue(region: "", broker: "", onDate: nil, by: Lifecycle.admin).first?.workingDaysLate == 1)

            // Per broker and region: the Lithuanian side is not awaited.
            #expect(try await app.listOverdue(region: "", broker: "broker-lv", onDate: nil, by: Lifecycle.admin).count == 1)
            #expect(try await app.listOverdue(region: "", broker: "broker-lt", onDate: nil, by: Lifecycle.admin).isEmpty)
            #expect(try await app.listOverdue(region: "LT", broker: "", onDate: nil, by: Lifecycle.admin).isEmpty)
            #expect(try await app.listOverdue(region: "LV", broker: "", onDate: nil, by: Lifecycle.admin).count == 1)
            // A broker without a region filter sees its own scope.
            #expect(try await app.listOverdue(region: "", broker: "", onDate: nil, by: Lifecycle.brokerLT).isEmpty)
            #expect(try await app.listOverdue(region: "", broker: "", onDate: nil, by: Lifecycle.brokerLV).count == 1)

            // A final match awaits no one.
            let declined = try await Lifecycle.advance(app, shortlisted, to: .declined, by: Lifecycle.brokerLV)
            #expect(declined.awaiting == nil && declined.respondBy == nil)
            #expect(try await app.listOverdue(region: "", broker: "", onDate: CalendarDate("2027-01-01"), by: Lifecycle.admin).isEmpty)
        }
    }

    @Test func theResponseDaysAreConfiguration() async throws {
        try await withServiceStore(Lifecycle.definition(), clock: { DayClock.noon("2026-03-06") }) { store in
            let app = Lifecycle.app(store, responseWorkingDays: 2)
            let match = try await Lifecycle.propose(app, candidate: FixedDirectory.localResourceID)
            #expect(match.respondBy?.description == "2026-03-10")   // Fri + 2 working days
            #expect(!match.isTransnational)
            #expect(match.awaiting == .candidate)
        }
    }
}
