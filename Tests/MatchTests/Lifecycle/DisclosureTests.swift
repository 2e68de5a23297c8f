import Testing
import TIBSDomain
import TIBSMatch
import TIBSServiceApp

@Suite struct DisclosureTests {
    @Test func theOtherRegionSeesTeasersUntilTheIntroduction() async throws {
        try await Lifecycle.withApp { app, _ in
            let match = try await Lifecycle.propose(app, candidate: FixedDirectory.offerID)
            let shortlisted = try await Lifecycle.advance(app, match, to: .shortlisted)
            for principal in [Lifecycle.brokerLT, Lifecycle.analyst] {
                let view = try await app.getMatch(id: match.id, by: principal)
                #expect(view.hidesSME)
                let wire = LifecycleMapping.proto(view)
                #expect(wire.teaser && wire.smeName.isEmpty && wire.smeTeaser == FixedDirectory.smeTeaser)
            }
            // The need side's broker sees its SME but not the Lithuanian offer's owner.
            let own = LifecycleMapping.proto(try await app.getMatch(id: match.id, by: Lifecycle.brokerLV))
            #expect(!own.teaser && own.smeName == FixedDirectory.smeName)
            #expect(own.candidate.owner == FixedDirectory.offerTeaser)
            let lt = LifecycleMapping.proto(try await app.getMatch(id: match.id, by: Lifecycle.brokerLT))
            #expect(lt.candidate.owner == FixedDirectory.offerOwner)
            // Nor does a listing leak it.
            let listed = try await app.listMatches(MatchListFilter(), page: PageRequest(size: 10, after: nil), by: Lifecycle.brokerLT)
            #expect(listed.items.map(\.hidesSME) == [true])

            _ = try await Lifecycle.advance(app, shortlisted, to: .introduced)
            let after = LifecycleMapping.proto(try await app.getMatch(id: match.id, by: Lifecycle.brokerLT))
            #expect(!after.teaser && after.smeName == FixedDirectory.smeName)
            #expect(LifecycleMapping.proto(try await app.getMatch(id: match.id, by: Lifecycle.brokerLV)).candidate.owner == FixedDirectory.offerOwner)
            // Analysts and brokers of a third region keep the teaser.
            #expect(try await app.getMatch(id: match.id, by: Lifecycle.analyst).hidesSME)
            #expect(try await app.getMatch(id: match.id, by: Lifecycle.brokerPL).hidesSME)
            #expect(try await app.getMatch(id: match.id, by: Lifecycle.admin).hidesSME == false)
        }
    }

    @Test func introductionWithoutConsentIsRefusedAndChangesNothing() async throws {
        try await Lifecycle.withApp(clock: DayClock("2026-03-02")) { app, _ in
            let shortlisted = try await Lifecycle.walk(app, try await Lifecycle.propose(app, candidate: FixedDirectory.offerID), to: .shortlisted)
            let before = try await Lifecycle.snapshot(app.store)
            let refusals: [(String?, String?)] = [(nil, nil), ("", "2026-03-01"), ("  ", "2026-03-01"), ("CEO", ""), ("CEO", "2026-02-30"),
                                                  ("CEO", "2026-03-03")]
            for (by, on) in refusals {
                let error = await #expect(throws: ServiceError.self) {
                    try await app.advanceMatch(id: shortlisted.id, expectedVersion: shortlisted.version,
                                               MatchAdvance(to: .introduced, consentGivenBy: by, consentGivenOn: on), by: Lifecycle.caller(Lifecycle.admin))
                }
                guard case .failedPrecondition(let why) = error else { Issue.record("\(String(describing: error))"); continue }
                #expect(why.contains("consent"))
            }
            // Control characters are bad input, consent outside an introduction too.
            await #expect(throws: ValidationErrors.self) {
                try await app.advanceMatch(id: shortlisted.id, expectedVersion: shortlisted.version,
                                           MatchAdvance(to: .introduced, consentGivenBy: "CEO\u{202E}", consentGivenOn: "2026-03-01"),
                                           by: Lifecycle.caller(Lifecycle.admin))
            }
            await #expect(throws: ValidationErrors.self) {
                try await app.advanceMatch(id: shortlisted.id, expectedVersion: shortlisted.version,
                                           MatchAdvance(to: .declined, consentGivenBy: "CEO", consentGivenOn: "2026-03-01"),
                                           by: Lifecycle.caller(Lifecycle.admin))
            }
            #expect(try await Lifecycle.snapshot(app.store) == before)

            let introduced = try await app.advanceMatch(id: shortlisted.id, expectedVersion: shortlisted.version,
                                                        MatchAdvance(to: .introduced, consentGivenBy: " CEO ", consentGivenOn: "2026-03-02"),
                                                        by: Lifecycle.caller(Lifecycle.brokerLT)).match
            #expect(introduced.consent == MatchConsent(givenBy: "CEO", givenOn: CalendarDate(year2026March: 2), recordedBy: "broker-lt"))
        }
    }
}

extension CalendarDate {
    init(year2026March day: Int) {
        // reason: a literal day of March 2026.
        self = CalendarDate("2026-03-" + (day < 10 ? "0\(day)" : "\(day)"))!
    }
}
