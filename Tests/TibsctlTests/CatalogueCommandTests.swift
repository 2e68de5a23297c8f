import Foundation
import Testing
import TIBSTestSupport
@testable import TIBSCtlKit

// The catalogue commands against a real tibs-catalogue process, set up with `tibsctl certs init` and
// `tibsctl token issue` as the registry's (RegistryServer with service "catalogue").

/// The flags of a provider in Vidzeme.
let providerFlags = ["--name", "Gauja University of Applied Sciences", "--kind", "university", "--region", "LV008",
                     "--website", "https://gauja-uas.example", "--contact-name", "Līga Bērziņa",
                     "--contact-email", "liga@gauja-uas.example", "--consent"]

/// The flags of a facility complete enough to publish.
let completeResourceFlags = [
    "--kind", "facility", "--title", "Mechatronics test-bed",
    "--description", "Robot cells, a PLC training line and a machine-vision bench where SMEs test automation ideas before they invest; engineers help set up each trial.",
    "--keywords", "robotics,automation,machine vision", "--s3", "advanced-manufacturing", "--nace", "28.99@2",
    "--access-scope", "transnational", "--countries", "LV,LT", "--cost", "fee", "--languages", "lv,en",
    "--access-conditions", "Book a slot through the technology transfer office.",
    "--contact-name", "Kārlis Ozols", "--contact-email", "karlis@gauja-uas.example", "--consent",
]

@Suite(.enabled(if: Binaries.exists("tibs-catalogue"), "needs the tibs-catalogue executable"))
struct CatalogueCommandTests {
    func createProvider(_ catalogue: RegistryServer) async throws -> String {
        let created = try await Run.tibsctl(["provider", "create", "--json"] + providerFlags, environment: catalogue.env())
        #expect(created.status == 0, "\(created.stderr)")
        return try #require(try JSONValue.parse(created.stdout)["id"]?.cell)
    }

    @Test func providerAndResourceWalkFromDraftToPublishedAndShowInTheListings() async throws {
        try await withRegistry("catalogue") { catalogue in
            let providerID = try await createProvider(catalogue)
            let shown = try await Run.tibsctl(["provider", "get", providerID], environment: catalogue.env())
            #expect(shown.status == 0 && shown.stdout.contains("Gauja University of Applied Sciences") && shown.stdout.contains("university"),
                    "\(shown.stdout)\(shown.stderr)")
            let providers = try await Run.tibsctl(["provider", "list", "--country", "lv"], environment: catalogue.env())
            #expect(providers.stdout.contains(providerID) && providers.stderr.contains("1 of 1 shown"), "\(providers.stdout)\(providers.stderr)")

            let created = try await Run.tibsctl(["resource", "create", "--provider", providerID, "--json"] + completeResourceFlags,
                                                environment: catalogue.env())
            #expect(created.status == 0, "\(created.stderr)")
            let resource = try JSONValue.parse(created.stdout)
            let id = try #require(resource["id"]?.cell)
            #expect(resource["status"] == .string("REVIEW_STATUS_DRAFT"))
            #expect(resource["completenessPercent"] == .number("100"), "\(created.stdout)")

            // A draft is not on the default listing (published only).
            let before = try await Run.tibsctl(["resource", "list", "--region", "LV008"], environment: catalogue.env())
            #expect(before.status == 0 && !before.stdout.contains(id), "\(before.stdout)\(before.stderr)")
            let drafts = try await Run.tibsctl(["resource", "list", "--status", "draft", "--provider", providerID], environment: catalogue.env())
            #expect(drafts.stdout.contains(id), "\(drafts.stdout)\(drafts.stderr)")

            let submitted = try await Run.tibsctl(["resource", "submit", id, "--json"], environment: catalogue.env())
            #expect(try JSONValue.parse(submitted.stdout)["status"] == .string("REVIEW_STATUS_SUBMITTED"), "\(submitted.stderr)")
            let published = try await Run.tibsctl(["resource", "publish", id, "--note", "reviewed"], environment: catalogue.env())
            #expect(published.status == 0 && published.stdout.contains("published"), "\(published.stdout)\(published.stderr)")

            let listed = try await Run.tibsctl(["resource", "list", "--s3", "advanced-manufacturing", "--transnational", "--text", "mechatronics"],
                                               environment: catalogue.env())
            #expect(listed.status == 0 && listed.stdout.contains(id) && listed.stdout.contains("Mechatronics test-bed"), "\(listed.stdout)\(listed.stderr)")
            #expect(listed.stdout.contains("transnational") && listed.stderr.contains("1 of 1 shown"), "\(listed.stdout)\(listed.stderr)")
            let json = try await Run.tibsctl(["resource", "list", "--json"], environment: catalogue.env())
            let page = try JSONValue.parse(json.jsonLines.first ?? "")
            #expect(page["resources"]?.cell.contains(id) == true, "\(json.stdout)")

            let updated = try await Run.tibsctl(["resource", "update", id, "--capacity", "2 robot cells", "--json"], environment: catalogue.env())
            let after = try JSONValue.parse(updated.stdout)
            #expect(after[path: "fields", "capacity"] == .string("2 robot cells") && after["status"] == .string("REVIEW_STATUS_PUBLISHED"),
                    "\(updated.stdout)\(updated.stderr)")
            let retired = try await Run.tibsctl(["resource", "retire", id, "--json"], environment: catalogue.env())
            #expect(try JSONValue.parse(retired.stdout)["status"] == .string("REVIEW_STATUS_RETIRED"), "\(retired.stderr)")
        }
    }

    @Test func aRefusedPublishNamesEachMissingItemAndLeavesTheResourceSubmitted() async throws {
        try await withRegistry("catalogue") { catalogue in
            let providerID = try await createProvider(catalogue)
            let created = try await Run.tibsctl(["resource", "create", "--provider", providerID, "--kind", "support-programme",
                                                 "--title", "Innovation voucher", "--access-scope", "regional", "--cost", "free", "--json"],
                                                environment: catalogue.env())
            let id = try #require(try JSONValue.parse(created.stdout)["id"]?.cell, "\(created.stderr)")
            let shown = try await Run.tibsctl(["resource", "get", id], environment: catalogue.env())
            #expect(shown.stdout.contains("missing") && shown.stdout.contains("validity"), "the table lists the failed checks: \(shown.stdout)")
            let submitted = try await Run.tibsctl(["resource", "submit", id], environment: catalogue.env())
            #expect(submitted.status == 0, "\(submitted.stderr)")

            let refused = try await Run.tibsctl(["resource", "publish", id], environment: catalogue.env())
            #expect(refused.status == ExitStatus.serverError.rawValue, "\(refused.stdout)\(refused.stderr)")
            #expect(refused.stderr.contains("FAILED_PRECONDITION"), "\(refused.stderr)")
            for item in ["description", "keywords", "s3_areas", "access_conditions", "contact", "validity"] {
                #expect(refused.stderr.contains(item), "the refusal names \(item): \(refused.stderr)")
            }
            let after = try await Run.tibsctl(["resource", "get", id, "--json"], environment: catalogue.env())
            let resource = try JSONValue.parse(after.stdout)
            #expect(resource["status"] == .string("REVIEW_STATUS_SUBMITTED") && resource["version"] == .string("2"), "\(after.stdout)")
        }
    }

    @Test func anImportReportsEachBadRowByItsRowNumberAndImportsTheGoodOnes() async throws {
        try await withRegistry("catalogue") { catalogue in
            let providerID = try await createProvider(catalogue)
            let csv = catalogue.folder.write("resources.csv", """
                provider_id,kind,title,description,keywords,s3_areas,access_scope,cost_model,co_funding_rate_percent,trl_min,trl_max,opens_on,closes_on,languages,contact_name,contact_email,contact_consent
                \(providerID),facility,Wood pilot press,A hot press for timber samples,CLT;timber;testing,bioeconomy,transnational,fee,,,,,,lv;en,Kārlis Ozols,karlis@example.lv,yes
                \(providerID),laboratory,Food lab,,,,national,fee,,,,,,,,,
                \(providerID),support-programme,Export coaching,,,,regional,co-funding,,,,2026-01-01,2026-12-31,lv,,,
                \(providerID),technology,Lignin binder,,binder;lignin;panels,bioeconomy,transnational,fee,,5,7,,,en,Mikko Heikkinen,mikko@example.fi,maybe
                \(providerID),expertise,Sensor networks,,,,regional,free,,,,,,lv,,,
                """)
            let run = try await Run.tibsctl(["import", "resources", csv], environment: catalogue.env())
            #expect(run.status == ExitStatus.partial.rawValue, "\(run.stdout)\(run.stderr)")
            let report = catalogue.folder.file("resources.errors.csv")
            #expect(run.stdout == "imported 5 rows from \(csv): 2 created, 0 updated, 3 rejected (report: \(report))\n", "\(run.stdout)\(run.stderr)")
            let lines = catalogue.folder.read("resources.errors.csv").split(separator: "\n").map(String.init)
            #expect(lines.first == "row,outcome,field,problem")
            #expect(lines.contains { $0.hasPrefix("2,rejected before sending,kind,") && $0.contains("laboratory") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("3,rejected,") && $0.contains("co_funding_rate_percent") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("4,rejected before sending,contact_consent,") }, "\(lines)")
            #expect(!lines.contains { $0.hasPrefix("1,") || $0.hasPrefix("5,") }, "\(lines)")

            let drafts = try await Run.tibsctl(["resource", "list", "--status", "draft", "--provider", providerID], environment: catalogue.env())
            #expect(drafts.stdout.contains("Wood pilot press") && drafts.stdout.contains("Sensor networks") && !drafts.stdout.contains("Food lab"),
                    "\(drafts.stdout)\(drafts.stderr)")
            // The same file again: the good rows are unchanged, nothing new is drafted.
            let again = try await Run.tibsctl(["import", "resources", csv, "--json"], environment: catalogue.env())
            let summary = try JSONValue.parse(again.jsonLines.last ?? "")
            #expect(summary["created"] == .number("0") && summary["unchanged"] == .number("2") && summary["rejected"] == .number("3"),
                    "\(again.stdout)\(again.stderr)")
        }
    }

    @Test func usageErrorsNameTheProblemAndCallNothing() async throws {
        try await withRegistry("catalogue") { catalogue in
            let noProvider = try await Run.tibsctl(["resource", "create", "--title", "x"], environment: catalogue.env())
            #expect(noProvider.status == ExitStatus.usage.rawValue && noProvider.stderr.contains("--provider"), "\(noProvider.stderr)")
            let badKind = try await Run.tibsctl(["resource", "list", "--kind", "laboratory"], environment: catalogue.env())
            #expect(badKind.status == ExitStatus.usage.rawValue, "\(badKind.stderr)")
            #expect(badKind.stderr.contains("--kind: 'laboratory' is not one of") && badKind.stderr.contains("support-programme"), "\(badKind.stderr)")
            let badTRL = try await Run.tibsctl(["resource", "create", "--provider", "p", "--trl", "high"], environment: catalogue.env())
            #expect(badTRL.status == ExitStatus.usage.rawValue && badTRL.stderr.contains("--trl"), "\(badTRL.stderr)")
            let csv = catalogue.folder.write("bad.csv", "provider_id,title\np,x\n")
            let header = try await Run.tibsctl(["import", "resources", csv], environment: catalogue.env())
            #expect(header.status == ExitStatus.usage.rawValue, "\(header.stderr)")
            #expect(header.stderr.contains("lacks kind, access_scope, cost_model"), "\(header.stderr)")
            // The registry's address is not the catalogue's: a clear message, not a confusing failure.
            let noAddress = try await Run.tibsctl(["provider", "list"], environment: ["TIBS_ADDRESS": catalogue.server.address])
            #expect(noAddress.status == ExitStatus.usage.rawValue && noAddress.stderr.contains("TIBS_CATALOGUE_ADDRESS"), "\(noAddress.stderr)")
            let listed = try await Run.tibsctl(["provider", "list"], environment: catalogue.env())
            #expect(listed.status == 0 && listed.stderr.contains("0 of 0 shown"), "nothing was created: \(listed.stdout)\(listed.stderr)")
        }
    }

    @Test func theCatalogueAddressComesFromTheEndpointsFile() async throws {
        try await withRegistry("catalogue") { catalogue in
            let endpoints = catalogue.folder.write("endpoints.json", #"{"registry": "127.0.0.1:1", "catalogue": "\#(catalogue.server.address)"}"#)
            var env = catalogue.env()
            env["TIBS_CATALOGUE_ADDRESS"] = nil
            env["TIBS_ENDPOINTS"] = endpoints
            let listed = try await Run.tibsctl(["provider", "list"], environment: env)
            #expect(listed.status == 0, "\(listed.stderr)")
        }
    }
}
