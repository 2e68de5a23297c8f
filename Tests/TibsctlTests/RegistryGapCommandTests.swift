import Foundation
import Testing
import TIBSTestSupport
@testable import TIBSCtlKit

// sme delete, need/offer update, watch, paging and totals on the lists, one enum spelling
// everywhere, and import --json's ids: the real tibsctl against a real tibs-registry.

/// A second SME of `smeFlags` (another registration id and name).
private let otherSmeFlags = smeFlags.map { $0 == "LV40003245652" ? "LV40003245699" : $0 == "Gauja Data SIA" ? "Cēsis Sensors SIA" : $0 }

private func createSme(_ registry: RegistryServer, _ flags: [String] = smeFlags) async throws -> String {
    let create = try await Run.tibsctl(["sme", "create", "--json"] + flags, environment: registry.env())
    #expect(create.status == 0, "\(create.stderr)")
    return try #require(try JSONValue.parse(create.stdout)["id"]?.cell)
}

@Suite(.enabled(if: Binaries.exists("tibs-registry"), "needs the tibs-registry executable"))
struct RegistryGapCommandTests {
    @Test func smeDeleteNeedsYesHonoursTheVersionAndAMissingIdExitsNotFound() async throws {
        try await withRegistry { registry in
            let id = try await createSme(registry)
            let need = try await Run.tibsctl(["need", "add", id, "--kind", "technology", "--title", "Sensors"], environment: registry.env())
            #expect(need.status == 0, "\(need.stderr)")

            let unconfirmed = try await Run.tibsctl(["sme", "delete", id], environment: registry.env())
            #expect(unconfirmed.status == 2 && unconfirmed.stderr.contains("add --yes"), "\(unconfirmed.stderr)")
            let stale = try await Run.tibsctl(["sme", "delete", id, "--yes", "--expected-version", "7"], environment: registry.env())
            #expect(stale.status == 8 && stale.stderr.contains("ABORTED"), "\(stale.stderr)")
            #expect(try await Run.tibsctl(["sme", "get", id], environment: registry.env()).status == 0, "nothing was deleted")

            let deleted = try await Run.tibsctl(["sme", "delete", id, "--yes", "--expected-version", "1"], environment: registry.env())
            #expect(deleted.status == 0 && deleted.stdout == "deleted SME \(id) with its needs, offers, surveys and contact persons\n",
                    "\(deleted.stdout)\(deleted.stderr)")
            let gone = try await Run.tibsctl(["sme", "get", id], environment: registry.env())
            #expect(gone.status == 7, "\(gone.stderr)")
            let needs = try await Run.tibsctl(["need", "list", "--sme", id], environment: registry.env())
            #expect(needs.status == 0 && needs.stderr.contains("0 of 0 shown"), "its needs went with it: \(needs.stdout)\(needs.stderr)")
            let again = try await Run.tibsctl(["sme", "delete", id, "--yes"], environment: registry.env())
            #expect(again.status == 7 && again.stderr.contains("NOT_FOUND"), "\(again.stderr)")
            let reader = try await Run.tibsctl(["sme", "delete", try await createSme(registry), "--yes"], environment: registry.env("integrator.token"))
            #expect(reader.status == 5, "an integrator may not delete: \(reader.stderr)")
        }
    }

    @Test func needAndOfferUpdateChangeOnlyTheFlagsGivenWithTheVersion() async throws {
        try await withRegistry { registry in
            let id = try await createSme(registry)
            let added = try await Run.tibsctl(["need", "add", id, "--kind", "value-chain-partner", "--title", "Partner for pilots",
                                               "--keywords", "LoRaWAN", "--trl", "6", "--json"], environment: registry.env())
            let needID = try #require(try JSONValue.parse(added.stdout)["id"]?.cell, "\(added.stderr)")
            let update = try await Run.tibsctl(["need", "update", needID, "--sme", id, "--title", "Partner for water pilots", "--json"],
                                               environment: registry.env())
            #expect(update.status == 0, "\(update.stderr)")
            let need = try JSONValue.parse(update.stdout)
            #expect(need["version"] == .string("2") && need[path: "fields", "title"] == .string("Partner for water pilots"))
            #expect(need[path: "fields", "kind"] == .string("NEED_KIND_VALUE_CHAIN_PARTNER") && need[path: "fields", "trl"] == .number("6"),
                    "the other fields stay: \(update.stdout)")
            let stale = try await Run.tibsctl(["need", "update", needID, "--sme", id, "--trl", "7", "--expected-version", "1"], environment: registry.env())
            #expect(stale.status == 8 && stale.stderr.contains("ABORTED"), "\(stale.stderr)")
            let missing = try await Run.tibsctl(["need", "update", "0190aaaa-0000-7000-8000-000000000000", "--sme", id, "--trl", "7"], environment: registry.env())
            #expect(missing.status == 7 && missing.stderr.contains("has no need 0190aaaa-"), "\(missing.stderr)")
            let noSme = try await Run.tibsctl(["need", "update", needID, "--trl", "7"], environment: registry.env())
            #expect(noSme.status == 2 && noSme.stderr.contains("--sme"), "\(noSme.stderr)")
            let badStatus = try await Run.tibsctl(["need", "update", needID, "--sme", id, "--status", "done"], environment: registry.env())
            #expect(badStatus.status == 2 && badStatus.stderr.contains("--status: 'done' is not one of open, fulfilled, withdrawn"), "\(badStatus.stderr)")

            let offer = try await Run.tibsctl(["offer", "add", id, "--kind", "technology", "--title", "Data platform", "--trl", "8", "--json"],
                                              environment: registry.env())
            let offerID = try #require(try JSONValue.parse(offer.stdout)["id"]?.cell, "\(offer.stderr)")
            let fulfilled = try await Run.tibsctl(["offer", "update", offerID, "--sme", id, "--status", "ITEM_STATUS_WITHDRAWN"], environment: registry.env())
            #expect(fulfilled.status == 0 && fulfilled.stdout.contains("withdrawn") && fulfilled.stdout.contains("Data platform"),
                    "the table: \(fulfilled.stdout)\(fulfilled.stderr)")
        }
    }

    @Test func listsPageWithTokensAndPrintTotals() async throws {
        try await withRegistry { registry in
            let first = try await createSme(registry)
            let second = try await createSme(registry, otherSmeFlags)
            let page = try await Run.tibsctl(["sme", "list", "--page-size", "1"], environment: registry.env())
            #expect(page.status == 0 && page.stderr.contains("1 of 2 shown"), "\(page.stderr)")
            let token = try #require(page.stderr.split(separator: "\n").first { $0.contains("--page-token ") }?
                .components(separatedBy: "--page-token ").last, "\(page.stderr)")
            let rest = try await Run.tibsctl(["sme", "list", "--page-size", "1", "--page-token", token], environment: registry.env())
            #expect(rest.status == 0 && rest.stderr.contains("1 shown"), "\(rest.stderr)")
            let shownIDs = [page.stdout, rest.stdout].map { $0.contains(first) ? first : $0.contains(second) ? second : "none" }
            #expect(Set(shownIDs) == [first, second], "each page shows the other SME: \(page.stdout)\(rest.stdout)")
            let all = try await Run.tibsctl(["sme", "list", "--page-size", "1", "--all"], environment: registry.env())
            #expect(all.stdout.contains(first) && all.stdout.contains(second) && all.stderr.contains("2 of 2 shown"), "\(all.stderr)")

            let bad = try await Run.tibsctl(["sme", "list", "--page-token", "not-a-token"], environment: registry.env())
            #expect(bad.status == 6 && bad.stderr.contains("page token"), "\(bad.stderr)")
            let otherFilters = try await Run.tibsctl(["sme", "list", "--page-size", "1", "--page-token", token, "--size", "medium"], environment: registry.env())
            #expect(otherFilters.status == 6, "a token is for its own filters: \(otherFilters.stderr)")

            for id in [first, second] {
                _ = try await Run.tibsctl(["need", "add", id, "--kind", "technology", "--title", "Sensors"], environment: registry.env())
            }
            let needs = try await Run.tibsctl(["need", "list", "--page-size", "1"], environment: registry.env())
            #expect(needs.status == 0 && needs.stderr.contains("1 of 2 shown") && needs.stderr.contains("--page-token"), "\(needs.stderr)")
            for command in [["offer", "list"], ["survey", "list"], ["broker", "list"]] {
                let run = try await Run.tibsctl(command + ["--page-size", "5"], environment: registry.env())
                #expect(run.status == 0 && run.stderr.contains("0 of 0 shown"), "\(command): \(run.stderr)")
            }
        }
    }

    @Test func enumValuesTakeOneSpellingInFlagsTablesAndCall() async throws {
        try await withRegistry { registry in
            let id = try await createSme(registry)
            for spelling in ["small", "Small", "SIZE_CLASS_SMALL", "size-class-small"] {
                let run = try await Run.tibsctl(["sme", "list", "--size", spelling], environment: registry.env())
                #expect(run.status == 0 && run.stdout.contains(id), "--size \(spelling): \(run.stderr)")
            }
            let bad = try await Run.tibsctl(["sme", "list", "--size", "huge"], environment: registry.env())
            #expect(bad.status == 2 && bad.stderr.contains("--size: 'huge' is not one of micro, small, medium (or the proto names, SIZE_CLASS_MICRO, …; any case)"),
                    "\(bad.stderr)")
            let call = try await Run.tibsctl(["call", "ListSmes", #"{"sizeClass": "small"}"#, "--compact"], environment: registry.env())
            #expect(call.status == 0 && call.stdout.contains(id), "call takes the short name too: \(call.stderr)")
            let badCall = try await Run.tibsctl(["call", "ListSmes", #"{"sizeClass": "huge"}"#], environment: registry.env())
            #expect(badCall.status == 2 && badCall.stderr.contains("sizeClass: not a tibs.registry.v1.SizeClass: 'huge' is not one of micro, small, medium"),
                    "\(badCall.stderr)")
            let offer = try await Run.tibsctl(["offer", "add", id, "--kind", "OFFER_KIND_VALUE_CHAIN_PARTNER", "--title", "Pilot partner"], environment: registry.env())
            #expect(offer.status == 0 && offer.stdout.contains("value-chain-partner"), "tables print the flag's spelling: \(offer.stdout)\(offer.stderr)")
        }
    }

    @Test func watchPrintsDecodedPayloadsFilteredAndBounded() async throws {
        try await withRegistry { registry in
            let id = try await createSme(registry)                                  // 1: sme created
            _ = try await Run.tibsctl(["need", "add", id, "--kind", "technology", "--title", "Sensors"], environment: registry.env())  // 2: need
            _ = try await Run.tibsctl(["sme", "update", id, "--description", "Now also water"], environment: registry.env())            // 3: sme updated

            let smes = try await Run.tibsctl(["watch", "registry", "--types", "sme", "--limit", "2"], environment: registry.env())
            #expect(smes.status == 0, "\(smes.stderr)")
            let lines = smes.jsonLines
            #expect(lines.count == 2, "\(smes.stdout)")
            #expect(lines.first?.hasPrefix("#1 created sme \(id) by admin@test at ") == true, "\(smes.stdout)")
            #expect(lines.last?.hasPrefix("#3 updated sme \(id)") == true, "\(smes.stdout)")
            #expect(lines.allSatisfy { $0.count < 700 && $0.contains("more characters; --json for all") }, "a long payload is cut: \(smes.stdout)")
            #expect(lines.allSatisfy { $0.contains(#""legalName":"Gauja Data SIA""#) }, "the payload decoded, not base64: \(smes.stdout)")

            let json = try await Run.tibsctl(["watch", "registry", "--from", "2", "--limit", "1", "--json"], environment: registry.env())
            let event = try JSONValue.parse(json.stdout)
            #expect(event["sequence"] == .string("2") && event["entityType"] == .string("need"), "\(json.stdout)\(json.stderr)")
            #expect(event["payloadType"] == .string("tibs.registry.v1.Need") && event[path: "payload", "fields", "title"] == .string("Sensors"),
                    "\(json.stdout)")
            let updated = try await Run.tibsctl(["watch", "registry", "--from", "3", "--limit", "1", "--json"], environment: registry.env())
            #expect(try JSONValue.parse(updated.stdout)[path: "payload", "fields", "description"] == .string("Now also water"), "\(updated.stdout)")

            for (arguments, message) in [(["nowhere"], "'nowhere' is not a service"), (["registry", "--from", "0"], "--from"),
                                         (["registry", "--types", "SME!"], "--types"), (["registry", "--limit", "0"], "--limit")] {
                let run = try await Run.tibsctl(["watch"] + arguments, environment: registry.env())
                #expect(run.status == 2 && run.stderr.contains(message), "\(arguments): \(run.stderr)")
            }
        }
    }

    @Test func importJsonGivesEachAnsweredRowItsId() async throws {
        try await withRegistry { registry in
            let csv = registry.folder.write("ids.csv", """
                legal_name,nuts_code,registration_id,headcount,nace_codes
                Gauja Data SIA,LV008,LV40003245652,24,62.01@2
                Nowhere Ltd,XX999,LV40003245654,5,62.01@2
                Cēsis Sensors SIA,LV008,LV40003245699,8,62.01@2

                """)
            let run = try await Run.tibsctl(["import", "smes", csv, "--json"], environment: registry.env())
            #expect(run.status == 9, "one row is rejected: \(run.stderr)")
            let lines = try run.jsonLines.map { try JSONValue.parse($0) }
            #expect(lines.count == 4, "three rows, then the summary: \(run.stdout)")
            #expect(lines.prefix(3).map { $0["row"] } == [.number("1"), .number("2"), .number("3")])
            #expect(lines.prefix(3).map { $0["outcome"] } == [.string("created"), .string("rejected"), .string("created")])
            #expect(lines[1]["id"] == nil, "a rejected row has no id")
            let created = try #require(lines[2]["id"]?.cell)
            let get = try await Run.tibsctl(["sme", "get", created], environment: registry.env())
            #expect(get.stdout.contains("Cēsis Sensors SIA"), "the id is the row's SME: \(get.stdout)\(get.stderr)")
            #expect(lines[3]["created"] == .number("2") && lines[3]["rejected"] == .number("1"))
            let again = try await Run.tibsctl(["import", "smes", csv, "--json"], environment: registry.env())
            let unchanged = try again.jsonLines.prefix(1).map { try JSONValue.parse($0) }.first
            #expect(unchanged?["outcome"] == .string("unchanged") && unchanged?["id"] == lines[0]["id"], "\(again.stdout)")
        }
    }
}
