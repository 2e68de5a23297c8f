import ArgumentParser
import Foundation
import Testing
@testable import TIBSCtlKit

// The match commands' argument rules, checked before any call: a bad flag is a usage error (exit 2)
// naming it, with no server running; the requests built from good flags are the RPC's JSON.

/// Parses a tibsctl command line as the binary does; the failure, or nil when it parses.
func parseFailure(_ arguments: [String]) -> String? {
    do {
        _ = try Tibsctl.parseAsRoot(arguments)
        return nil
    } catch {
        return Tibsctl.fullMessage(for: error)
    }
}

@Suite struct MatchArgumentTests {
    @Test func findBuildsTheRequestFromItsFlags() throws {
        let request = try MatchFindRequest.make(id: "registry-lv/0193", kinds: "resource, partner-offer,programme,resource",
                                                countries: "lt,PL", transnationalOnly: true, minTRL: 4, limit: 50, on: "2026-02-28")
        #expect(request.kinds == [.resource, .partner, .programme], "aliases accepted, each kind once")
        #expect(request.json(asSME: false) == .object([
            JSONMember("needId", .string("registry-lv/0193")),
            JSONMember("kinds", .array([.string("CANDIDATE_KIND_RESOURCE"), .string("CANDIDATE_KIND_PARTNER_OFFER"),
                                        .string("CANDIDATE_KIND_SUPPORT_PROGRAMME")])),
            JSONMember("countries", .array([.string("LT"), .string("PL")])), JSONMember("transnationalOnly", .bool(true)),
            JSONMember("minTrl", .number("4")), JSONMember("limit", .number("50")), JSONMember("onDate", .string("2026-02-28")),
        ]))
        let bare = try MatchFindRequest.make(id: "0193", kinds: nil, countries: nil, transnationalOnly: false, minTRL: nil, limit: nil, on: nil)
        #expect(bare.json(asSME: true) == .object([JSONMember("smeId", .string("0193"))]), "defaults are the server's: nothing sent")
    }

    @Test(arguments: [
        (["--kinds", "resource,robot"], "--kinds: 'robot' is not one of resource, programme, partner"),
        (["--countries", "LV,Latvia"], "--countries: 'Latvia' is not a two-letter country code"),
        (["--countries", "L1"], "--countries: 'L1' is not a two-letter country code"),
        (["--min-trl", "10"], "--min-trl: 10 is not a TRL"),
        (["--limit", "0"], "--limit: 0 is not in 1..100"),
        (["--limit", "101"], "--limit: 101 is not in 1..100"),
        (["--on", "2026-02-30"], "--on: '2026-02-30' is not a date YYYY-MM-DD"),
        (["--on", "2026-2-3"], "--on: '2026-2-3' is not a date YYYY-MM-DD"),
        (["--format", "csv"], "csv"),
    ])
    func findRefusesABadFlagNamingIt(flags: [String], message: String) throws {
        let failure = try #require(parseFailure(["match", "find", "registry-lv/0193"] + flags))
        #expect(failure.contains(message), "\(failure)")
    }

    @Test func findNeedsAnIdWithoutSpaces() throws {
        #expect(parseFailure(["match", "find"]) != nil)
        #expect(try #require(parseFailure(["match", "find", "a b"])).contains("is not an id"))
        #expect(parseFailure(["match", "find", "0193", "--explain", "--sme", "--transnational-only", "--format", "json"]) == nil)
        #expect(MatchInput.daysIn(month: 2, year: 2024) == 29 && MatchInput.daysIn(month: 2, year: 2100) == 28
            && MatchInput.daysIn(month: 2, year: 2000) == 29)
    }

    @Test func advanceTakesOnlyLifecycleStatesAndNeedsConsentForTheIntroduction() throws {
        #expect(try MatchStateWord.parse("In_Discussion", flag: "--to", among: MatchStateWord.targets) == .inDiscussion)
        #expect(MatchStateWord.closedWithoutAgreement.enumName == "MATCH_STATE_CLOSED_WITHOUT_AGREEMENT")
        let base = ["match", "advance", "0193-match", "--expected-version", "3"]
        #expect(try #require(parseFailure(base + ["--to", "proposed"])).contains(
            "--to: 'proposed' is not one of shortlisted, introduced, in-discussion, agreement, closed-without-agreement, declined"))
        #expect(try #require(parseFailure(base + ["--to", "introduced"])).contains("--to introduced needs the SME's consent"))
        #expect(try #require(parseFailure(base + ["--to", "shortlisted", "--consent-by", "CEO"])).contains("belong to --to introduced only"))
        #expect(try #require(parseFailure(base + ["--to", "introduced", "--consent-by", "CEO", "--consent-on", "2026-13-01"]))
            .contains("--consent-on: '2026-13-01' is not a date"))
        #expect(parseFailure(["match", "advance", "0193-match", "--to", "declined"]) != nil, "--expected-version is required")

        let request = try MatchAdvanceRequest.make(id: "0193-match", to: "introduced", expectedVersion: 3, note: "both agreed",
                                                   consentBy: "CEO", consentOn: nil)
        #expect(request.json(today: "2026-03-02") == .object([
            JSONMember("id", .string("0193-match")), JSONMember("expectedVersion", .string("3")), JSONMember("to", .string("MATCH_STATE_INTRODUCED")),
            JSONMember("note", .string("both agreed")),
            JSONMember("consent", .object([JSONMember("givenBy", .string("CEO")), JSONMember("givenOn", .string("2026-03-02"))])),
        ]), "the consent's day defaults to today")
    }

    @Test func outcomeIsSuccessOrFailureWithTheirOwnReasons() throws {
        let base = ["match", "outcome", "0193-match", "--expected-version", "5"]
        #expect(try #require(parseFailure(base)).contains("--success or --failure"))
        #expect(try #require(parseFailure(base + ["--success", "--failure"])).contains("--success or --failure"))
        #expect(try #require(parseFailure(base + ["--success", "--failure-reasons", "price"])).contains("--failure-reasons belong to --failure"))
        #expect(try #require(parseFailure(base + ["--failure", "--success-reasons", "trust"])).contains("--success-reasons belong to --success"))
        let request = try MatchOutcomeRequest.make(id: "0193-match", expectedVersion: 5, success: true, failure: false,
                                                   successReasons: "trust@1,quality", failureReasons: nil, advantages: "new-market", note: nil)
        #expect(request.json() == .object([
            JSONMember("id", .string("0193-match")), JSONMember("expectedVersion", .string("5")),
            JSONMember("outcome", .object([
                JSONMember("success", .bool(true)),
                JSONMember("successReasons", .array([.object([JSONMember("code", .string("trust")), JSONMember("version", .string("1"))]),
                                                     .object([JSONMember("code", .string("quality"))])])),
                JSONMember("advantages", .array([.object([JSONMember("code", .string("new-market"))])])),
            ])),
        ]))
    }

    @Test func theOtherCommandsCheckTheirFlags() throws {
        #expect(try #require(parseFailure(["match", "follow-up", "record", "0193", "--months", "9", "--expected-version", "6"]))
            .contains("--months: 9 is not one of 3, 6, 12"))
        #expect(parseFailure(["match", "follow-up", "record", "0193", "--months", "12", "--expected-version", "6"]) == nil)
        #expect(try #require(parseFailure(["match", "follow-up", "due", "--on", "tomorrow"])).contains("--on: 'tomorrow' is not a date"))
        #expect(try #require(parseFailure(["match", "overdue", "--on", "2026-04-31"])).contains("is not a date"))
        #expect(try #require(parseFailure(["match", "list", "--state", "won"])).contains("--state: 'won' is not one of proposed,"))
        #expect(parseFailure(["match", "list", "--state", "in-discussion", "--region", "LV008", "--all"]) == nil)
        #expect(try #require(parseFailure(["match", "watch", "--need", "x", "--regions", "LV008"])).contains("exclude each other"))
        #expect(try #require(parseFailure(["match", "watch", "--limit", "0"])).contains("--limit: 0"))
        #expect(try #require(parseFailure(["match", "duplicates", "--country", "LVA"])).contains("'LVA' is not a two-letter country code"))
        #expect(try #require(parseFailure(["match", "propose", "--need", "0193", "--candidate", ""])).contains("--candidate"))
        #expect(try #require(parseFailure(["report", "flows", "--level", "4"])).contains("--level: 4 is not 0 (country) .. 3"))
        #expect(try #require(parseFailure(["report", "flows", "--from", "2026-06-01", "--to", "2026-01-31"])).contains("is after --to"))
        #expect(parseFailure(["report", "flows", "--from", "2026-01-01", "--level", "0", "--format", "html", "--out", "flows.html"]) == nil)
    }

    @Test func theMatchServiceHasItsOwnAddressSettingAndPort7404() throws {
        #expect(ServiceEndpoint.match.defaultPort == 7404 && ServiceEndpoint.match.addressVariable == "TIBS_MATCH_ADDRESS")
        let settings = try ConnectionSettings.resolve(try ConnectionOptions.parse([]), service: .match,
                                                      environment: ["TIBS_MATCH_ADDRESS": "match.lv.example", "HOME": "/nonexistent"])
        #expect(settings.host == "match.lv.example" && settings.port == 7404)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tibsctl-match-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let endpoints = directory.appendingPathComponent("endpoints.json")
        try Data(#"{"registry": "127.0.0.1:7401", "match": "127.0.0.1:17404"}"#.utf8).write(to: endpoints)
        let fromFile = try ConnectionSettings.resolve(try ConnectionOptions.parse([]), service: .match,
                                                      environment: ["TIBS_ENDPOINTS": endpoints.path, "HOME": "/nonexistent"])
        #expect(fromFile.port == 17404, "the endpoints file's \"match\" entry, as scripts/run-system writes it")
        #expect(throws: CLIFailure.self) {
            try ConnectionSettings.resolve(try ConnectionOptions.parse([]), service: .match, environment: ["HOME": "/nonexistent"])
        }
    }
}
