import Foundation
import Testing
import TIBSCatalogue
import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// ListResources' SQL against a brute-force filter over the same generated resources.
@Suite struct ListResourcesFilterTests {
    @Test func combinedFiltersOverTwentyThousandResourcesReturnExactlyTheBruteForceSet() async throws {
        try await withCatalogue(clock: ManualClock(fixtureStart)) { catalogue in  // today: 2023-11-14
            let admin = CatalogueCalls(client: try catalogue.client(.admin))
            let provider = try await admin.createProvider()
            let count = 20_000
            let imported = try await Generated.importRows(admin.client, count: count) { index in
                .with { $0.providerID = provider.id; $0.fields = Generated.resource(index) }
            }
            #expect(imported.created == UInt32(count))
            let ids = imported.results.map(\.resourceID)

            // S3 area + transnational + TRL 6..7 + valid today + text, over drafts (what an import creates).
            var expected: [String] = []
            let today = try #require(CalendarDate("2023-11-14"))
            for index in 1...count {
                let fields = Generated.resource(index)
                let closes = try #require(CalendarDate(fields.validity.closesOn)), opens = try #require(CalendarDate(fields.validity.opensOn))
                let isProgramme = fields.kind == .supportProgramme
                let matches = fields.s3Areas[0].code == "bioeconomy" && fields.accessScope == .transnational
                    && fields.trl.min <= 7 && fields.trl.max >= 6
                    && opens <= today && today <= closes
                    && !(isProgramme && closes < today)
                    && fields.description_p.contains("hydrogen")
                if matches { expected.append(ids[index - 1]) }
            }
            #expect(expected.count > 50, "the filters select a real subset (\(expected.count))")

            var seen: [String] = []
            var token = ""
            repeat {
                let page = try await admin.list {
                    $0.status = .draft
                    $0.s3Area = "bioeconomy"
                    $0.transnationalOnly = true
                    $0.trlMin = 6
                    $0.trlMax = 7
                    $0.validOn = "2023-11-14"
                    $0.text = "hydrogen"
                    $0.page = .with { $0.pageSize = 100; $0.pageToken = token }
                }
                if token.isEmpty { #expect(page.page.totalSize == UInt64(expected.count)) }
                seen += page.resources.map(\.id)
                token = page.page.nextPageToken
            } while !token.isEmpty
            #expect(seen == expected.sorted())
            await admin.client.close()
        }
    }

    static let brokenFilters: [(String, @Sendable (inout Tibs_Catalogue_V1_ListResourcesRequest) -> Void)] = [
        ("trl_min", { r in r.trlMin = 10 }),
        ("trl_max", { r in r.trlMin = 7; r.trlMax = 3 }),
        ("valid_on", { r in r.validOn = "tomorrow" }),
        ("text", { r in r.text = "%*" }),
        ("s3_area", { r in r.s3Area = "astrology" }),
        ("kind", { r in r.kind = .UNRECOGNIZED(77) }),
        ("language", { r in r.language = "EN" }),
        ("page.page_size", { r in r.page.pageSize = 5_000 }),
    ]

    @Test(arguments: brokenFilters)
    func aBrokenFilterIsInvalidArgumentNamingIt(field: String, breakIt: @Sendable (inout Tibs_Catalogue_V1_ListResourcesRequest) -> Void) async throws {
        try await withCatalogue { catalogue in
            let admin = CatalogueCalls(client: try catalogue.client(.admin))
            await refusal(.invalidArgument, fields: [field]) { _ = try await admin.list(breakIt) }
            await admin.client.close()
        }
    }
}
