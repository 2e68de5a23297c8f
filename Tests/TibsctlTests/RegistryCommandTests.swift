import Foundation
import Testing
import TIBSTestSupport
@testable import TIBSCtlKit

// Needs the `tibs-registry` executable (the registry branch): these tests are skipped until it is
// built beside tibsctl. The registry runs as a real process with certificates from
// `tibsctl certs init` and tokens from `tibsctl token issue`.

/// A tibs-registry (or, with `service: "catalogue"`, tibs-catalogue) process set up entirely with tibsctl.
struct RegistryServer {
    let server: ServerProcess
    let folder: TemporaryFolder
    /// The service's address variable: TIBS_ADDRESS, TIBS_CATALOGUE_ADDRESS.
    var addressVariable = "TIBS_ADDRESS"

    var certs: String { folder.file("certs") }
    func env(_ token: String = "admin.token") -> [String: String] {
        [addressVariable: server.address, "TIBS_CA": certs + "/ca.pem", "TIBS_TOKEN_FILE": certs + "/" + token]
    }

    static func start(_ service: String = "registry") async throws -> RegistryServer {
        let folder = TemporaryFolder()
        let certs = folder.file("certs")
        let initialised = try await Run.tibsctl(["certs", "init", "--out", certs, "--services", service])
        guard initialised.status == 0 else { throw ServerStartError(output: initialised.stderr) }
        for (name, role, regions) in [("admin", "admin", ""), ("broker", "broker", "LV008"), ("integrator", "integrator", "")] {
            let issued = try await Run.tibsctl(["token", "issue", "--issuer-key", certs + "/issuer.key", "--role", role, "--regions", regions,
                                                "--subject", name + "@test", "--ttl", "1h", "--out", certs + "/\(name).token"])
            guard issued.status == 0 else { throw ServerStartError(output: issued.stderr) }
        }
        let server = try await ServerProcess.start(
            Binaries.path("tibs-" + service),
            ["--host", "127.0.0.1", "--port", "0", "--data-dir", folder.file("data"), "--tls-cert", certs + "/\(service).pem",
             "--tls-key", certs + "/\(service).key", "--issuer-keys", certs + "/issuer.pub", "--log-level", "error"],
            folder: folder)
        return RegistryServer(server: server, folder: folder, addressVariable: service == "registry" ? "TIBS_ADDRESS" : "TIBS_\(service.uppercased())_ADDRESS")
    }

    func stop() { server.stop() }
}

func withRegistry<T: Sendable>(_ service: String = "registry", _ body: (RegistryServer) async throws -> T) async throws -> T {
    let registry = try await RegistryServer.start(service)
    do {
        let result = try await body(registry)
        registry.stop()
        return result
    } catch {
        registry.stop()
        throw error
    }
}

let smeFlags = ["--legal-name", "Gauja Data SIA", "--region", "LV008", "--registration-id", "LV40003245652", "--headcount", "24",
                "--turnover", "3100000", "--balance-sheet", "1800000", "--nace", "62.01@2", "--s3", "ict,smart-cities",
                "--languages", "lv,en", "--description", "Data platforms for municipal utilities",
                "--contact-name", "Ilze Kalniņa", "--contact-email", "ilze@example.lv", "--consent"]

@Suite(.enabled(if: Binaries.exists("tibs-registry"), "needs the tibs-registry executable"))
struct RegistryCommandTests {
    @Test func genericCallRoundTripsSeveralRegistryMethods() async throws {
        try await withRegistry { registry in
            let create = try await Run.tibsctl(["call", "CreateSme", """
                {"fields": {"legalName": "Vidzeme Foods SIA", "region": {"country": "LV", "nutsCode": "LV008"},
                 "registrationId": "LV40000000001", "headcount": 40, "annualTurnoverEur": "5000000",
                 "naceCodes": [{"code": "10.71", "version": "2"}], "s3Areas": [{"code": "bioeconomy"}], "languages": ["lv"]}}
                """, "--compact"], environment: registry.env())
            #expect(create.status == 0, "\(create.stderr)")
            let sme = try JSONValue.parse(create.stdout)
            let id = try #require(sme["id"]?.cell)
            #expect(sme["sizeClass"] == .string("SIZE_CLASS_SMALL"))
            #expect(sme["version"] == .string("1"))
            #expect(sme[path: "fields", "annualTurnoverEur"] == .string("5000000"))

            let get = try await Run.tibsctl(["call", "GetSme", #"{"id":"\#(id)"}"#, "--compact"], environment: registry.env())
            #expect(try JSONValue.parse(get.stdout)[path: "fields", "legalName"] == .string("Vidzeme Foods SIA"), "\(get.stderr)")
            let list = try await Run.tibsctl(["call", "ListSmes", #"{"country":"LV"}"#, "--compact"], environment: registry.env())
            #expect(list.stdout.contains(id), "\(list.stderr)")
            let feed = try await Run.tibsctl(["call", "WatchChanges", #"{"afterSequence":"0"}"#, "--limit", "1"], environment: registry.env())
            #expect(feed.status == 0, "\(feed.stderr)")
            let event = try JSONValue.parse(feed.jsonLines.first ?? "")
            #expect(event["entityId"] == .string(id))
            #expect(event["kind"] == .string("CREATED"))
        }
    }

    @Test func describeShowsTheRegistryMessages() async throws {
        try await withRegistry { registry in
            let run = try await Run.tibsctl(["describe", "CreateSme"], environment: registry.env())
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("message tibs.registry.v1.SmeFields {"))
            #expect(run.stdout.contains("repeated tibs.common.v1.Code nace_codes = 7;  // JSON: naceCodes"))
        }
    }

    @Test func typedSmeCommandsCreateGetListUpdateExportErase() async throws {
        try await withRegistry { registry in
            let create = try await Run.tibsctl(["sme", "create", "--json"] + smeFlags, environment: registry.env())
            #expect(create.status == 0, "\(create.stderr)")
            let id = try #require(try JSONValue.parse(create.stdout)["id"]?.cell)

            let get = try await Run.tibsctl(["sme", "get", id], environment: registry.env())
            #expect(get.stdout.contains("legal name       Gauja Data SIA"), "\(get.stdout)\(get.stderr)")
            #expect(get.stdout.contains("size             small"))
            #expect(get.stdout.contains("contact          Ilze Kalniņa, ilze@example.lv"))

            let list = try await Run.tibsctl(["sme", "list", "--region", "LV008", "--size", "small"], environment: registry.env())
            #expect(list.stdout.hasPrefix("ID"), "\(list.stderr)")
            #expect(list.stdout.contains(id) && list.stdout.contains("Gauja Data SIA"))
            let none = try await Run.tibsctl(["sme", "list", "--size", "medium", "--json"], environment: registry.env())
            #expect(!none.stdout.contains(id))
            let badSize = try await Run.tibsctl(["sme", "list", "--size", "huge"], environment: registry.env())
            #expect(badSize.status == 2)
            #expect(badSize.stderr.contains("--size: 'huge' is not one of micro, small, medium"), "\(badSize.stderr)")

            let update = try await Run.tibsctl(["sme", "update", id, "--description", "Now also water", "--json"], environment: registry.env())
            #expect(update.status == 0, "\(update.stderr)")
            #expect(try JSONValue.parse(update.stdout)["version"] == .string("2"))
            let stale = try await Run.tibsctl(["sme", "update", id, "--website", "https://x.example", "--expected-version", "1"], environment: registry.env())
            #expect(stale.status == 8)
            #expect(stale.stderr.hasPrefix("tibsctl: ABORTED:"), "\(stale.stderr)")

            let export = try await Run.tibsctl(["sme", "export", id], environment: registry.env())
            #expect(try JSONValue.parse(export.stdout)[path: "sme", "fields", "description"] == .string("Now also water"))
            let refused = try await Run.tibsctl(["sme", "erase", id], environment: registry.env())
            #expect(refused.status == 2)
            let erase = try await Run.tibsctl(["sme", "erase", id, "--yes", "--json"], environment: registry.env())
            #expect(erase.status == 0, "\(erase.stderr)")
            #expect(try JSONValue.parse(erase.stdout)["contactsErased"] == .number("1"))
        }
    }

    /// What `--help` shows as an example is what the server accepts: both NACE examples of
    /// `sme update --nace` (Rev. 2.1 by default, Rev. 2 with @2), and a code of the other
    /// version is refused naming the version it was read as.
    @Test func theNaceExamplesOfTheHelpAreAcceptedAndAWrongVersionIsNamed() async throws {
        try await withRegistry { registry in
            let help = try await Run.tibsctl(["sme", "update", "--help"])
            #expect(help.stdout.contains("(62.10,K or 62.01@2,J@2)"), "\(help.stdout)")
            let create = try await Run.tibsctl(["sme", "create", "--json"] + smeFlags, environment: registry.env())
            let id = try #require(try JSONValue.parse(create.stdout)["id"]?.cell, "\(create.stderr)")
            for example in ["62.10,K", "62.01@2,J@2"] {
                let update = try await Run.tibsctl(["sme", "update", id, "--nace", example], environment: registry.env())
                #expect(update.status == 0, "\(example): \(update.stderr)")
            }
            let wrong = try await Run.tibsctl(["sme", "update", id, "--nace", "62.01"], environment: registry.env())
            #expect(wrong.status == 6 && wrong.stderr.contains("NACE Rev. 2.1"), "\(wrong.stderr)")
        }
    }

    /// An export holds personal data: the file is the owner's alone, also when it existed before.
    @Test func anExportFileIsReadableByItsOwnerOnly() async throws {
        try await withRegistry { registry in
            let create = try await Run.tibsctl(["sme", "create", "--json"] + smeFlags, environment: registry.env())
            let id = try #require(try JSONValue.parse(create.stdout)["id"]?.cell, "\(create.stderr)")
            let fresh = registry.folder.file("fresh.json")
            let existing = registry.folder.write("existing.json", "old")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: existing)
            for out in [fresh, existing] {
                let export = try await Run.tibsctl(["sme", "export", id, "--out", out], environment: registry.env())
                #expect(export.status == 0, "\(export.stderr)")
                let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
                #expect(mode == 0o600, "\(out): mode \(String(mode ?? 0, radix: 8))")
                #expect(try JSONValue.parse(registry.folder.read(URL(fileURLWithPath: out).lastPathComponent))[path: "sme", "id"] == .string(id))
            }
        }
    }

    /// A token's surrounding whitespace (a file's trailing newline, a pasted line) is dropped
    /// wherever it comes from; an empty one is named as such instead of a malformed header.
    @Test func tokensAreTrimmedAndAnEmptyOneIsNamed() async throws {
        try await withRegistry { registry in
            let admin = registry.folder.read("certs/admin.token").trimmingCharacters(in: .whitespacesAndNewlines)
            var environment = registry.env()
            environment["TIBS_TOKEN_FILE"] = nil
            for token in [admin + "\n", "  " + admin + "\r\n"] {
                environment["TIBS_TOKEN"] = token
                let list = try await Run.tibsctl(["sme", "list"], environment: environment)
                #expect(list.status == 0, "\(list.stderr)")
            }
            let flag = try await Run.tibsctl(["sme", "list", "--token", admin + "\n"], environment: registry.env())
            #expect(flag.status == 0, "\(flag.stderr)")
            let blank = registry.folder.write("blank.token", "\n")
            let empty = try await Run.tibsctl(["sme", "list", "--token-file", blank], environment: registry.env())
            #expect(empty.status == 2 && empty.stderr.contains("empty token (from the token file \(blank))"), "\(empty.stderr)")
            environment["TIBS_TOKEN"] = "   "
            let spaces = try await Run.tibsctl(["sme", "list"], environment: environment)
            #expect(spaces.status == 2 && spaces.stderr.contains("empty token (from TIBS_TOKEN)"), "\(spaces.stderr)")
        }
    }

    @Test func needsOffersSurveysAndBrokers() async throws {
        try await withRegistry { registry in
            let broker = try await Run.tibsctl(["broker", "register", "--subject", "anna@vidzeme", "--name", "Anna Bērziņa",
                                                "--organisation", "Vidzeme Planning Region", "--email", "anna@vidzeme.example",
                                                "--regions", "LV008"], environment: registry.env())
            #expect(broker.status == 0, "\(broker.stderr)")
            let brokers = try await Run.tibsctl(["broker", "list", "--region", "LV008"], environment: registry.env())
            #expect(brokers.stdout.contains("anna@vidzeme") && brokers.stdout.contains("LV008"), "\(brokers.stderr)")

            let create = try await Run.tibsctl(["sme", "create", "--json"] + smeFlags, environment: registry.env())
            let id = try #require(try JSONValue.parse(create.stdout)["id"]?.cell)
            let need = try await Run.tibsctl(["need", "add", id, "--kind", "value-chain-partner", "--title", "Partner for water metering pilots",
                                              "--keywords", "LoRaWAN,metering", "--s3", "ict", "--countries", "dk,fi", "--trl", "6"],
                                             environment: registry.env())
            #expect(need.status == 0, "\(need.stderr)")
            #expect(need.stdout.contains("value-chain-partner") && need.stdout.contains("open"), "\(need.stdout)")
            let needs = try await Run.tibsctl(["need", "list", "--sme", id, "--json"], environment: registry.env())
            #expect(needs.stdout.contains("Partner for water metering pilots"), "\(needs.stderr)")
            let offer = try await Run.tibsctl(["offer", "add", id, "--kind", "product-or-service", "--title", "Utility data platform",
                                               "--s3", "ict", "--trl", "9"], environment: registry.env())
            #expect(offer.status == 0, "\(offer.stderr)")
            let offers = try await Run.tibsctl(["offer", "list", "--region", "LV008"], environment: registry.env())
            #expect(offers.stdout.contains("Utility data platform"), "\(offers.stderr)")

            let survey = try await Run.tibsctl(["survey", "record", id, "--conducted-on", "2025-10-14", "--experience", "occasional",
                                                "--stage", "exploring", "--barriers", "finding-reliable-partners,regulation-and-standards"],
                                               environment: registry.env())
            #expect(survey.status == 0, "\(survey.stderr)")
            let surveys = try await Run.tibsctl(["survey", "list", "--sme", id], environment: registry.env())
            #expect(surveys.stdout.contains("2025-10-14") && surveys.stdout.contains("finding-reliable-partners"), "\(surveys.stdout)")
            let stage = try await Run.tibsctl(["sme", "get", id, "--json"], environment: registry.env())
            #expect(try JSONValue.parse(stage.stdout)["stage"] == .string("STAGE_EXPLORING"))
        }
    }

    @Test func registryViolationsArePrintedOnePerLine() async throws {
        try await withRegistry { registry in
            let run = try await Run.tibsctl(["sme", "create", "--legal-name", " ", "--region", "XX999", "--registration-id", "1"],
                                            environment: registry.env())
            #expect(run.status == 6)
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.first?.hasPrefix("tibsctl: INVALID_ARGUMENT: ") == true, "\(run.stderr)")
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  fields.") }, "\(run.stderr)")
            #expect(lines.contains { $0.hasPrefix("  fields.legal_name: ") }, "\(run.stderr)")
        }
    }

    @Test func tokensFromTokenIssueAreAcceptedAndScoped() async throws {
        try await withRegistry { registry in
            let brokerCreate = try await Run.tibsctl(["sme", "create"] + smeFlags, environment: registry.env("broker.token"))
            #expect(brokerCreate.status == 0, "\(brokerCreate.stderr)")
            let elsewhere = smeFlags.map { $0 == "LV008" ? "PL84" : $0 == "LV40003245652" ? "PL5250001009" : $0 }
            let outside = try await Run.tibsctl(["sme", "create"] + elsewhere, environment: registry.env("broker.token"))
            #expect(outside.status == 5, "\(outside.stderr)")
            #expect(outside.stderr.hasPrefix("tibsctl: PERMISSION_DENIED: "))
            let reader = try await Run.tibsctl(["sme", "create"] + smeFlags, environment: registry.env("integrator.token"))
            #expect(reader.status == 5, "\(reader.stderr)")
            let noToken = try await Run.tibsctl(["sme", "list"], environment: ["TIBS_ADDRESS": registry.server.address, "TIBS_CA": registry.certs + "/ca.pem"])
            #expect(noToken.status == 4)
        }
    }

    @Test func importWithBadRowsWritesAReport() async throws {
        try await withRegistry { registry in
            let csv = registry.folder.write("smes.csv", """
                legal_name,country,nuts_code,registration_id,headcount,annual_turnover_eur,nace_codes,s3_areas,languages,contact_name,contact_email,contact_consent
                Gauja Data SIA,LV,LV008,LV40003245652,24,3100000,62.01@2,ict;smart-cities,lv;en,Ilze Kalniņa,ilze@example.lv,yes
                Bad Headcount SIA,LV,LV008,LV40003245653,many,100,,ict,lv,,,
                "Podlasie Dairy, Sp. z o.o.",PL,PL84,PL5420000001,120,20000000,10.51@2,bioeconomy,pl,,,
                Nowhere Ltd,LV,XX999,LV40003245654,5,100,62.01@2,ict,lv,,,
                Short Row SIA,LV,LV008
                Hamburg Logistics GmbH,DE,DE60,DE811111111,45,9000000,52.29@2,ict,de,,,

                """)
            let run = try await Run.tibsctl(["import", "smes", csv], environment: registry.env())
            #expect(run.status == 9, "\(run.stderr)")
            #expect(run.stdout == "imported 6 rows from \(csv): 3 created, 0 updated, 3 rejected (report: \(registry.folder.file("smes.errors.csv")))\n")
            let report = registry.folder.read("smes.errors.csv").split(separator: "\n").map(String.init)
            #expect(report.first == "row,outcome,field,problem")
            #expect(report.contains { $0.hasPrefix("2,rejected before sending,headcount,") }, "\(report)")
            #expect(report.contains { $0.hasPrefix("4,rejected,fields.region") }, "\(report)")
            #expect(report.contains("5,rejected before sending,row,has 3 fields; the header has 12"), "\(report)")
            #expect(!report.contains { $0.hasPrefix("1,") || $0.hasPrefix("3,") || $0.hasPrefix("6,") })

            // The same file again: the three stored rows are unchanged (no new version, no event), not updated.
            let again = try await Run.tibsctl(["import", "smes", csv, "--json"], environment: registry.env())
            let summary = try JSONValue.parse(again.jsonLines.last ?? "")
            #expect(summary["unchanged"] == .number("3") && summary["updated"] == .number("0") && summary["created"] == .number("0"), "\(again.stdout)")
            let text = try await Run.tibsctl(["import", "smes", csv], environment: registry.env())
            #expect(text.stdout.hasPrefix("imported 6 rows from \(csv): 0 created, 0 updated, 3 unchanged, 3 rejected"), "\(text.stdout)")
        }
    }

    /// `call ImportSmes` and `import smes` follow one rule: an answer with rejected rows exits 9.
    @Test func callOfAnImportWithRejectedRowsExitsPartialLikeImport() async throws {
        try await withRegistry { registry in
            let good = #"{"fields": {"legalName": "Gauja Data SIA", "region": {"country": "LV", "nutsCode": "LV008"}, "registrationId": "LV40003245652", "headcount": 24, "naceCodes": [{"code": "62.10"}]}}"#
            let bad = #"{"fields": {"legalName": "Nowhere Ltd", "region": {"country": "LV", "nutsCode": "XX999"}, "registrationId": "LV40003245654", "headcount": 5, "naceCodes": [{"code": "62.10"}]}}"#
            let allBad = try await Run.tibsctl(["call", "ImportSmes", "-"], environment: registry.env(), stdin: bad + "\n")
            #expect(allBad.status == 9, "\(allBad.stdout)\(allBad.stderr)")
            #expect(try JSONValue.parse(allBad.stdout)["rejected"] == .number("1"), "\(allBad.stdout)")
            let allGood = try await Run.tibsctl(["call", "ImportSmes", "-"], environment: registry.env(), stdin: good + "\n")
            #expect(allGood.status == 0, "\(allGood.stdout)\(allGood.stderr)")
            #expect(try JSONValue.parse(allGood.stdout)["created"] == .number("1"), "\(allGood.stdout)")
        }
    }

    @Test func importsAHundredThousandRowsAsAStream() async throws {
        try await withRegistry { registry in
            let path = registry.folder.file("big.csv")
            FileManager.default.createFile(atPath: path, contents: nil)
            let handle = try #require(FileHandle(forWritingAtPath: path))
            handle.write(Data("legal_name,nuts_code,registration_id,headcount,nace_codes,s3_areas\n".utf8))
            let regions = ["LV008", "PL84", "DK03", "DE60", "FI1C", "LT01"]
            var chunk = ""
            for index in 0..<100_000 {
                let region = regions[index % regions.count]
                chunk += "Company \(index),\(region),\(region)-\(index),\(index % 200 + 1),62.01@2,ict\n"
                if chunk.utf8.count > 1 << 20 { handle.write(Data(chunk.utf8)); chunk = "" }
            }
            handle.write(Data(chunk.utf8))
            try handle.close()
            let run = try await Run.tibsctl(["import", "smes", path, "--json"], environment: registry.env())
            #expect(run.status == 0, "\(run.stderr)")
            let summary = try JSONValue.parse(run.jsonLines.last ?? "")
            #expect(summary["rows"] == .number("100000"))
            #expect(run.jsonLines.count == 100_001, "a line per row, then the summary")
            #expect(summary["created"] == .number("100000"), "\(run.stdout)")
            #expect(run.stderr.contains("sent 100000 rows"), "plain counts when not a terminal")
        }
    }
}
