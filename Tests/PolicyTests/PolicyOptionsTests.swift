import ArgumentParser
import Testing
import TIBSPolicy

@Suite struct PolicyOptionsTests {
    func resolve(_ arguments: [String], environment: [String: String] = [:]) throws -> PolicySettings {
        try PolicyOptions.parse(arguments).resolved(environment: environment)
    }

    @Test func defaultsAreNinetyDaysAndNoUpstream() throws {
        #expect(try resolve([]) == PolicySettings(overdueAfterDays: 90, follows: [], followTokenFile: nil))
    }

    @Test func aFlagWinsOverTheEnvironment() throws {
        #expect(try resolve([], environment: ["TIBS_OVERDUE_AFTER_DAYS": "45"]).overdueAfterDays == 45)
        #expect(try resolve(["--overdue-after-days", "30"], environment: ["TIBS_OVERDUE_AFTER_DAYS": "45"]).overdueAfterDays == 30)
    }

    @Test func followedRegistriesAreNameHostPortWithAToken() throws {
        let settings = try resolve(["--follow", "registry=127.0.0.1:7401", "--follow", "registry-lv=[::1]:7411", "--follow-token-file", "/t"])
        #expect(settings.follows == [FollowTarget(name: "registry", host: "127.0.0.1", port: 7401), FollowTarget(name: "registry-lv", host: "::1", port: 7411)])
        #expect(settings.followTokenFile == "/t")
        let fromEnvironment = try resolve([], environment: ["TIBS_FOLLOW": "registry=localhost:7401", "TIBS_FOLLOW_TOKEN_FILE": "/t"])
        #expect(fromEnvironment.follows.map(\.name) == ["registry"])
    }

    @Test func brokenPolicyOptionsAreUsageErrors() {
        #expect(throws: ValidationError.self) { _ = try resolve(["--overdue-after-days", "0"]) }
        #expect(throws: ValidationError.self) { _ = try resolve([], environment: ["TIBS_OVERDUE_AFTER_DAYS": "soon"]) }
        #expect(throws: ValidationError.self) { _ = try resolve(["--follow", "registry", "--follow-token-file", "/t"]) }
        #expect(throws: ValidationError.self) { _ = try resolve(["--follow", "registry=host:99999", "--follow-token-file", "/t"]) }
        #expect(throws: ValidationError.self) { _ = try resolve(["--follow", "a=h:1", "--follow", "a=h:2", "--follow-token-file", "/t"]) }
        #expect(throws: ValidationError.self) { _ = try resolve(["--follow", "registry=127.0.0.1:7401"]) }
        // A host is a name or an address, never two targets run together or a space.
        #expect(throws: ValidationError.self) { _ = try resolve(["--follow", "a=h=i:1", "--follow-token-file", "/t"]) }
        #expect(throws: ValidationError.self) { _ = try resolve(["--follow", "a=h i:1", "--follow-token-file", "/t"]) }
        #expect(throws: ValidationError.self) { _ = try resolve(["--follow", "a=[h]:1", "--follow-token-file", "/t"]) }
    }
}
