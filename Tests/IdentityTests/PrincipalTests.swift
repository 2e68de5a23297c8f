import Foundation
import Testing
import TIBSIdentity

@Suite("Roles and region scope")
struct PrincipalTests {
    func principal(_ role: Role, _ regions: Set<String> = []) -> Principal {
        Principal(subject: "s", role: role, regions: regions, keyID: "k1", expiresAt: Fixtures.now, tokenID: "t")
    }

    @Test func brokerWritesOnlyInsideItsScope() {
        let broker = principal(.broker, ["PL84"])
        #expect(broker.canWrite(region: "PL84"))
        #expect(broker.canWrite(region: "PL841"))
        #expect(broker.canWrite(region: "pl842"))
        #expect(!broker.canWrite(region: "LV008"))
        #expect(!broker.canWrite(region: "PL8"))      // the parent is not covered
        #expect(!broker.canWrite(region: "PL85"))
        #expect(!broker.canWrite(region: ""))
        #expect(broker.canRead)
        #expect(!broker.canWriteAnyRegion)
    }

    @Test func countryScopeCoversAllItsRegions() {
        let broker = principal(.broker, ["LV"])
        #expect(broker.canWrite(region: "LV008"))
        #expect(broker.canWrite(region: "LV00"))
        #expect(!broker.canWrite(region: "LT011"))
    }

    @Test func brokerWithoutScopeWritesNothing() {
        #expect(!principal(.broker).canWrite(region: "PL84"))
    }

    @Test(arguments: [Role.analyst, .integrator])
    func readOnlyRoles(role: Role) {
        let reader = principal(role, ["PL84"])
        #expect(reader.canRead)
        #expect(!reader.canWrite(region: "PL84"))
        #expect(!reader.canWriteAnyRegion)
    }

    @Test(arguments: [Role.admin, .service])
    func privilegedRolesWriteAnywhere(role: Role) {
        let caller = principal(role)
        #expect(caller.canWrite(region: "LV008"))
        #expect(caller.canWrite(region: "PL841"))
        #expect(caller.canWriteAnyRegion)
    }

    @Test func scopeSurvivesTheTokenRoundTrip() throws {
        let token = try Fixtures.issuer1.mint(subject: "b", role: .broker, regions: ["PL84"], ttl: 60, now: Fixtures.now)
        let broker = try Fixtures.verifier.verify(token, now: Fixtures.now)
        #expect(broker.canWrite(region: "PL841"))
        #expect(!broker.canWrite(region: "LV008"))
    }

    @Test func rolesAreTheFiveOfTheDesign() {
        #expect(Role.allCases.map(\.rawValue) == ["admin", "broker", "analyst", "integrator", "service"])
    }
}
