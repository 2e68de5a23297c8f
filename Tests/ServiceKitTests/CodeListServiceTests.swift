import Foundation
import GRDB
import Testing
import TIBSDomain
import TIBSProto
import TIBSRPC
@testable import TIBSServiceKit
import TIBSServiceApp
import TIBSTestSupport

/// `tibs.codes.v1.CodeLists/ListCodes`: every list, paged, searched, bounded, and refused clearly.
@Suite struct CodeListServiceTests {
    let catalog = CodeListCatalog.bundled

    func ask(_ list: String, version: String = "", search: String = "", size: UInt32 = 0, token: String = "")
        throws(ValidationErrors) -> Tibs_Codes_V1_ListCodesResponse {
        try CodeListService.answer(.with {
            $0.list = list
            $0.version = version
            $0.search = search
            $0.page = .with { $0.pageSize = size; $0.pageToken = token }
        }, catalog: catalog)
    }

    /// The violations `body` was refused with; none when it succeeded (any other error is an issue).
    func violations(_ body: () throws -> Void) -> [FieldViolation] {
        do {
            try body()
            return []
        } catch let error as ValidationErrors {
            return error.violations
        } catch {
            Issue.record("expected ValidationErrors, got \(error)")
            return []
        }
    }

    @Test func everyListAnswersWithItsDefaultVersionAndAllItsCodes() throws {
        #expect(catalog.names == ["nace", "nuts", "s3", "trl", "country", "survey-barrier", "survey-success-reason",
                                  "survey-failure-reason", "survey-advantage", "survey-support-form", "survey-expected-support"])
        for name in catalog.names {
            let answer = try ask(name, size: 500)
            #expect(answer.list == name)
            #expect(!answer.codes.isEmpty, "\(name)")
            #expect(answer.version == answer.defaultVersion)
            #expect(answer.page.totalSize == UInt64(try #require(catalog.list(name)).entries.count), "\(name)")
        }
        let nace = try ask("NACE")
        #expect(nace.version == "2.1" && nace.versions == ["2", "2.1"])
        #expect(nace.title.contains("NACE Rev. 2.1"))
    }

    @Test func naceComesTopDownWithLevelsAndParents() throws {
        let answer = try ask("nace", size: 5)
        #expect(answer.codes.map(\.code) == ["A", "01", "01.1", "01.11", "01.12"])
        #expect(answer.codes.map(\.level) == [1, 2, 3, 4, 4])
        #expect(answer.codes.map(\.parent) == ["", "A", "01", "01.1", "01.1"])
        let class62 = try #require(try ask("nace", search: "62.10").codes.first)
        #expect(class62.label == "Computer programming activities" && class62.parent == "62.1")
        let nuts = try ask("nuts", search: "PL84").codes
        #expect(nuts.first?.parent == "PL" && nuts.first?.level == 2, "\(nuts)")
        #expect(try ask("s3", size: 1).codes.first?.level == 0)
    }

    @Test func searchIsCaseInsensitiveOnCodeAndLabel() throws {
        let byLabel = try ask("nace", search: "COMPUTER programming")
        #expect(byLabel.codes.map(\.code).contains("62.10"))
        #expect(byLabel.codes.allSatisfy { $0.label.lowercased().contains("computer programming") })
        #expect(byLabel.page.totalSize == UInt64(byLabel.codes.count))
        let byCode = try ask("country", search: "lv")
        #expect(byCode.codes.contains { $0.code == "LV" && $0.label == "Latvia" })
        #expect(try ask("nace", version: "2", search: "62.01").codes.map(\.code) == ["62.01"])
        #expect(try ask("trl", search: "no such level").codes.isEmpty)
    }

    @Test func pagesFollowEachOtherWithoutGapsOrRepeats() throws {
        let all = try #require(catalog.list("nace")).entries.map(\.code)
        var seen: [String] = []
        var token = ""
        var pages = 0
        repeat {
            let page = try ask("nace", size: 300, token: token)
            #expect(page.page.totalSize == UInt64(all.count), "the total on every page")
            seen += page.codes.map(\.code)
            token = page.page.nextPageToken
            pages += 1
        } while !token.isEmpty && pages < 10
        #expect(seen == all)
        #expect(pages == (all.count + 299) / 300)
        // The same with a search: paged within the matching codes.
        let matching = try ask("nace", search: "manufacture", size: 500).codes.map(\.code)
        let first = try ask("nace", search: "manufacture", size: 10)
        let second = try ask("nace", search: "manufacture", size: 10, token: first.page.nextPageToken)
        #expect((first.codes + second.codes).map(\.code) == Array(matching.prefix(20)))
    }

    @Test func badRequestsAreRefusedNamingWhatIsValid() throws {
        let unknown = violations { _ = try ask("naics") }
        #expect(unknown.map(\.field) == ["list"])
        #expect(unknown.first?.description.contains("'naics' is not a code list; one of nace, nuts, s3, trl, country, survey-barrier") == true,
                "\(unknown)")
        #expect(violations { _ = try ask("") }.first?.description.hasPrefix("is required: one of nace") == true)
        let version = violations { _ = try ask("nace", version: "1.1") }
        #expect(version == [FieldViolation(field: "version", description: "'1.1' is not a version of nace; one of 2, 2.1")])
        let long = String(repeating: "x", count: 300)
        #expect(violations { _ = try ask("nuts", version: long) }.first.map { $0.description.count < 120 } == true, "the echo is bounded")
        #expect(violations { _ = try ask("nace", search: String(repeating: "a", count: 101)) }.map(\.field) == ["search"])
        #expect(violations { _ = try ask("nace", search: "a\u{1B}[2J") }.map(\.field) == ["search"])
        #expect(violations { _ = try ask("nace", size: 501) }.map(\.field) == ["page.page_size"])
        #expect(violations { _ = try ask("nace", token: "garbage!") }.map(\.field) == ["page.page_token"])
        let token = try ask("nace", size: 2).page.nextPageToken
        #expect(violations { _ = try ask("nace", search: "a", size: 2, token: token) }.first?.description.contains("other filters") == true)
        #expect(violations { _ = try ask("nace", version: "2", size: 2, token: token) }.map(\.field) == ["page.page_token"])
        // A token of another listing (an SME id cursor) is no cursor of a code list.
        let smeToken = PageToken.make(after: "0192a000-0000-7000-8000-000000000000",
                                      filterFingerprint: CodeListService.Filter(list: "nace", version: "2.1", search: "").pageFingerprint(listing: "codes"))
        #expect(violations { _ = try ask("nace", token: smeToken) }.map(\.field) == ["page.page_token"])
        // Several broken fields are reported together.
        #expect(Set(violations { _ = try ask("nace", version: "9", search: String(repeating: "a", count: 101)) }.map(\.field)) == ["version", "search"])
    }

    @Test func everyServiceServesItOverTheWireWithAToken() async throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("demo.v1") { db in try db.create(table: "thing") { $0.column("id", .text).primaryKey() } }
        let definition = ServiceDefinition(name: "tibs-demo", defaultPort: 0, databaseFile: "demo.sqlite", migrations: migrator,
                                           watchChangesPath: nil) { _, _ in RPCRouter() }
        try await withService(definition) { service in
            let client = try service.client(.integrator)
            let request = Tibs_Codes_V1_ListCodesRequest.with { $0.list = "s3" }
            let answer: Tibs_Codes_V1_ListCodesResponse = try await client.unary(CodeListService.listCodesPath, request)
            #expect(answer.codes.contains { $0.code == "ict" })
            let refused = await #expect(throws: RPCError.self) {
                let _: Tibs_Codes_V1_ListCodesResponse = try await client.unary(CodeListService.listCodesPath, Tibs_Codes_V1_ListCodesRequest())
            }
            #expect(refused?.code == .invalidArgument && refused?.violations.map(\.field) == ["list"])
            let described: Tibs_Reflection_V1_DescribeResponse = try await client.unary(BuiltinServices.describePath, Tibs_Reflection_V1_DescribeRequest())
            #expect(described.methods.contains { $0.name == CodeListService.listCodesPath && $0.requiresToken })
            await client.close()
            let anonymous = try makeTestClient(port: service.port, token: nil)
            let noToken = await #expect(throws: RPCError.self) {
                let _: Tibs_Codes_V1_ListCodesResponse = try await anonymous.unary(CodeListService.listCodesPath, request)
            }
            #expect(noToken?.code == .unauthenticated)
            await anonymous.close()
        }
    }
}
