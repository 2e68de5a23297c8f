import Foundation
import Testing
import TIBSCatalogue
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// Programmes whose window has closed leave the default listing at once and retire themselves,
/// on the feed, when the sweeper runs — all on the injected clock.
@Suite struct FreshnessTests {
    @Test func aProgrammeWhoseDeadlinePassesLeavesTheListingAndRetiresOnTheFeed() async throws {
        let clock = ManualClock(fixtureStart)  // 2023-11-14; the fixture's window closes on 2023-12-31
        try await withCatalogue(clock: clock) { catalogue in
            let admin = CatalogueCalls(client: try catalogue.client(.admin))
            let provider = try await admin.createProvider()
            let programme = try await admin.published(provider.id, CatalogueFixtures.resource(kind: .supportProgramme, title: "Export readiness call"))
            var testBed = CatalogueFixtures.resource(kind: .facility, title: "Test-bed")
            testBed.clearValidity()  // open-ended, as facilities usually are
            let facility = try await admin.published(provider.id, testBed)
            let app = CatalogueService.app(store: catalogue.store)
            let sweeper = FreshnessSweeper(app: app, logger: testLogger("tibs.test.freshness"))
            #expect(await sweeper.sweepOnce() == 0)
            #expect(Set(try await admin.list().resources.map(\.id)) == [programme.id, facility.id])
            #expect(try await admin.list { $0.validOn = "2023-12-31" }.resources.count == 2)
            #expect(try await admin.list { $0.validOn = "2024-01-01" }.resources.map(\.id) == [facility.id], "the programme's call has closed by then")

            clock.advance(by: 48 * 86_400)  // 2024-01-01
            #expect(try await admin.list().resources.map(\.id) == [facility.id], "closed programmes leave the default listing at once")
            #expect(try await admin.list { $0.includeClosed = true }.resources.count == 2)

            let head = try await catalogue.store.read { db in try catalogue.store.feed.latestSequence(db) }
            #expect(await sweeper.sweepOnce() == 1)
            #expect(await sweeper.sweepOnce() == 0, "a retired programme is not retired again")
            let retired = try await admin.get(programme.id)
            #expect(retired.status == .retired && retired.retiredReason == "window closed on 2023-12-31")
            let events = try await catalogue.store.read { db in try catalogue.store.feed.read(db, after: head, limit: 10) }
            #expect(events.map(\.entityID) == [programme.id] && events.map(\.kind) == [.updated])
            #expect(try Tibs_Catalogue_V1_Resource(serializedBytes: events[0].payload).status == .retired)
            #expect(try await admin.list { $0.includeClosed = true }.resources.map(\.id) == [facility.id], "retired is not published")
            await admin.client.close()
        }
    }
}
