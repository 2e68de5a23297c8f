import Testing
import TIBSDomain
import TIBSPolicy
import TIBSServiceApp
import TIBSTestSupport

@Suite struct StrategyTests {
    @discardableResult
    func set(_ app: PolicyApp, _ input: RegionalStrategyInput) async throws -> RegionalStrategy {
        guard case .new(let strategy) = try await app.setRegionalStrategy(input, by: admin) else { throw CancellationError() }
        return strategy
    }

    @Test func theVersionWithTheLatestValidFromCoveringTheDayIsInForce() async throws {
        try await withPolicy { app in
            let old = try await set(app, Fixtures.strategy("LV00", from: "2021-01-01", title: "RIS3 2021"))
            let bounded = try await set(app, Fixtures.strategy("LV00", from: "2024-01-01", to: "2024-12-31", title: "Interim 2024"))
            let future = try await set(app, Fixtures.strategy("LV00", from: "2027-01-01", title: "RIS3 2027"))
            #expect(try await app.regionalPriorities(region: "LV00", on: day("2023-06-01")).id == old.id)
            #expect(try await app.regionalPriorities(region: "LV00", on: day("2024-06-01")).id == bounded.id)
            #expect(try await app.regionalPriorities(region: "LV00", on: day("2025-01-01")).id == old.id, "the bounded version ended")
            #expect(try await app.regionalPriorities(region: "LV00", on: nil).id == old.id, "today (2026-06-15) the future one is not yet in force")
            #expect(try await app.regionalPriorities(region: "LV00", on: day("2027-01-01")).id == future.id)
            #expect(await serviceError { _ = try await app.regionalPriorities(region: "LV00", on: day("2020-12-31")) }.map(isNotFound) == true)
        }
    }

    @Test func onEqualValidFromTheOneSetLastWins() async throws {
        try await withPolicy { app in
            _ = try await set(app, Fixtures.strategy("EE001", from: "2025-01-01", areas: ["ict"]))
            let second = try await set(app, Fixtures.strategy("EE001", from: "2025-01-01", areas: ["advanced-manufacturing"]))
            #expect(try await app.regionalPriorities(region: "EE001", on: day("2025-05-05")).id == second.id)
        }
    }

    @Test func aSubRegionWithoutItsOwnTakesTheNearestEnclosingRegions() async throws {
        try await withPolicy { app in
            let country = try await set(app, Fixtures.strategy("LV", from: "2020-01-01"))
            let riga = try await set(app, Fixtures.strategy("LV006", from: "2022-01-01"))
            #expect(try await app.regionalPriorities(region: "LV006", on: day("2023-01-01")).id == riga.id)
            #expect(try await app.regionalPriorities(region: "LV007", on: day("2023-01-01")).id == country.id)
            #expect(try await app.regionalPriorities(region: "LV006", on: day("2021-01-01")).id == country.id, "before Riga's own began")
            #expect(await serviceError { _ = try await app.regionalPriorities(region: "EE001", on: nil) }.map(isNotFound) == true)
        }
    }

    @Test func everyVersionIsKeptAndListedByRegion() async throws {
        try await withPolicy { app in
            try await set(app, Fixtures.strategy("LV00", from: "2021-01-01"))
            try await set(app, Fixtures.strategy("LV00", from: "2024-01-01"))
            try await set(app, Fixtures.strategy("LV006", from: "2024-01-01"))
            try await set(app, Fixtures.strategy("EE001", from: "2024-01-01"))
            let page = PageRequest(size: 10, after: nil)
            #expect(try await app.listRegionalStrategies(StrategyFilter(), page: page).items.count == 4)
            #expect(try await app.listRegionalStrategies(StrategyFilter(region: "LV"), page: page).items.count == 3)
            #expect(try await app.listRegionalStrategies(StrategyFilter(region: "LV006"), page: page).items.count == 1)
        }
    }

    @Test func brokenStrategiesAreRefusedNamingEveryField() async throws {
        try await withPolicy { app in
            let input = RegionalStrategyInput(
                region: "LV999", validFrom: "2024-02-30", validTo: "2023-01-01",
                priorities: [PriorityArea(s3Area: VersionedCode(code: "ict", version: ""), weight: 1.5),
                             PriorityArea(s3Area: VersionedCode(code: "ict", version: ""), weight: 0.5),
                             PriorityArea(s3Area: VersionedCode(code: "rocketry", version: ""), weight: 0.5)],
                documentTitle: "RIS3", documentURL: "http://example.lv/ris3.pdf")
            try await expectUnchanged(app.store) {
                await violations(["region", "valid_from", "priorities[1].s3_area.code", "priorities[2].s3_area.code", "priorities[0].weight",
                                  "document_url"]) {
                    _ = try await app.setRegionalStrategy(input, by: admin)
                }
                await violations(["valid_to"]) { _ = try await app.setRegionalStrategy(Fixtures.strategy(from: "2024-01-01", to: "2023-12-31"), by: admin) }
                await violations(["priorities"]) { _ = try await app.setRegionalStrategy(Fixtures.strategy(areas: []), by: admin) }
                let denied = await serviceError { _ = try await app.setRegionalStrategy(Fixtures.strategy(), by: rigaBroker) }
                #expect(denied.map(isDenied) == true)
            }
        }
    }
}

func isNotFound(_ error: ServiceError) -> Bool {
    if case .notFound = error { return true }
    return false
}
