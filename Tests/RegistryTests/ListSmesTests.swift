import Foundation
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

@Suite struct ListSmesTests {
    private func list(_ client: RPCClient, _ configure: (inout Tibs_Registry_V1_ListSmesRequest) -> Void) async throws -> Tibs_Registry_V1_ListSmesResponse {
        var request = Tibs_Registry_V1_ListSmesRequest()
        configure(&request)
        return try await client.unary(RegistryMethods.listSmes, request)
    }

    @Test func twelveHundredSMEsPageInFivesHundredsWithoutGapsOrRepeatsWhileInsertsHappen() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let imported = try await importRows(admin, count: 1_200) { generatedSME($0) }
            #expect(imported.created == 1_200)
            let original = Set(imported.results.map(\.smeID))
            var seen: [String] = []
            var token = ""
            var pages = 0
            repeat {
                let page = try await list(admin) { $0.page.pageSize = 500; $0.page.pageToken = token }
                seen += page.smes.map(\.id)
                token = page.page.nextPageToken
                pages += 1
                // Inserts between pages: they sort after every existing id.
                for extra in 0..<3 {
                    let _: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with {
                        $0.fields = generatedSME(10_000 + pages * 10 + extra)
                    })
                }
            } while !token.isEmpty && pages < 10
            #expect(Set(seen).count == seen.count, "repeats")
            #expect(original.isSubset(of: Set(seen)), "gaps")
            #expect(seen == seen.sorted())
            await admin.close()
        }
    }

    @Test func theFirstPageCountsAllMatchesAndTheLastHasNoToken() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            _ = try await importRows(admin, count: 30) { generatedSME($0) }
            let first = try await list(admin) { $0.page.pageSize = 20 }
            #expect(first.page.totalSize == 30 && first.smes.count == 20 && !first.page.nextPageToken.isEmpty)
            let second = try await list(admin) { $0.page.pageSize = 20; $0.page.pageToken = first.page.nextPageToken }
            #expect(second.smes.count == 10 && second.page.nextPageToken.isEmpty)
            await admin.close()
        }
    }

    @Test func filtersSelectByCountryRegionS3NACESizeBrokerAndText() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            _ = try await importRows(admin, count: 60) { generatedSME($0) }
            var special = Fixtures.sme(registration: "PL9999", country: "PL", nuts: "PL841", name: "Białystok Biotech")
            special.description_p = "Enzymes for the dairy industry"
            special.headcount = 3
            special.annualTurnoverEur = 400_000
            special.naceCodes = [Fixtures.code("72.11", "2")]
            let target: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = special })

            #expect(try await list(admin) { $0.country = "LV" }.smes.allSatisfy { $0.fields.region.country == "LV" })
            #expect(try await list(admin) { $0.country = "LV" }.page.totalSize == 10)
            #expect(try await list(admin) { $0.region = "PL84" }.page.totalSize == 11)   // PL841 lies in PL84
            #expect(try await list(admin) { $0.region = "DK031" }.page.totalSize == 10)  // a leaf region: exact match
            #expect(try await list(admin) { $0.region = "DK032" }.page.totalSize == 0)
            #expect(try await list(admin) { $0.s3Area = "bioeconomy" }.page.totalSize == 20)
            #expect(try await list(admin) { $0.nacePrefix = "62" }.page.totalSize == 30)
            #expect(try await list(admin) { $0.nacePrefix = "C" }.page.totalSize == 30)  // 10.71 bakery: section C in Rev. 2
            #expect(try await list(admin) { $0.nacePrefix = "72.1" }.smes.map(\.id) == [target.id])
            #expect(try await list(admin) { $0.sizeClass = .micro }.smes.map(\.id) == [target.id])
            #expect(try await list(admin) { $0.text = "białystok ENZYM" }.smes.map(\.id) == [target.id])
            #expect(try await list(admin) { $0.text = "cesis" }.page.totalSize == 60)  // diacritics folded: Cēsis
            #expect(try await list(admin) { $0.text = "nothing-like-this" }.smes.isEmpty)
            #expect(try await list(admin) { $0.country = "DK"; $0.s3Area = "bioeconomy" }.smes.allSatisfy {
                $0.fields.region.country == "DK" && $0.fields.s3Areas.contains { $0.code == "bioeconomy" }
            })
            await admin.close()
        }
    }

    @Test func theAssignedBrokerAndStageFiltersFollowBrokersAndSurveys() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let broker: Tibs_Registry_V1_Broker = try await admin.unary(RegistryMethods.registerBroker, Tibs_Registry_V1_RegisterBrokerRequest.with {
                $0.subject = "anna@vidzeme"; $0.displayName = "Anna Ozola"; $0.regions = [Fixtures.region("LV", "LV008")]
            })
            var fields = Fixtures.sme()
            fields.assignedBrokerID = broker.id
            let sme: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = fields })
            _ = try await importRows(admin, count: 5) { generatedSME($0) }
            #expect(try await list(admin) { $0.assignedBrokerID = broker.id }.smes.map(\.id) == [sme.id])
            let _: Tibs_Registry_V1_Survey = try await admin.unary(RegistryMethods.recordSurvey, Tibs_Registry_V1_RecordSurveyRequest.with {
                $0.smeID = sme.id; $0.answers = Fixtures.survey(stage: .stageRegularExporter)
            })
            #expect(try await list(admin) { $0.stage = .stageRegularExporter }.smes.map(\.id) == [sme.id])
            await admin.close()
        }
    }

    @Test(arguments: [
        ("country", { @Sendable (r: inout Tibs_Registry_V1_ListSmesRequest) in r.country = "XX" }),  // "lv" reads as LV (one rule with NUTS codes)
        ("region", { r in r.region = "XX123" }),
        ("s3_area", { r in r.s3Area = "astrology" }),
        ("nace_prefix", { r in r.nacePrefix = "6x" }),
        ("assigned_broker_id", { r in r.assignedBrokerID = "anna" }),
        ("page.page_size", { r in r.page.pageSize = 501 }),
        ("page.page_token", { r in r.page.pageToken = "garbage!" }),
    ] as [(String, @Sendable (inout Tibs_Registry_V1_ListSmesRequest) -> Void)])
    func aBadFilterIsInvalidArgumentNamingIt(field: String, breakRule: @Sendable (inout Tibs_Registry_V1_ListSmesRequest) -> Void) async throws {
        try await withRegistry { registry in
            let analyst = try registry.client(.analyst)
            await expectRPCError(.invalidArgument, fields: [field]) { _ = try await list(analyst, breakRule) }
            await analyst.close()
        }
    }

    @Test func aPageTokenReplayedWithOtherFiltersIsRefused() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            _ = try await importRows(admin, count: 12) { generatedSME($0) }
            let first = try await list(admin) { $0.page.pageSize = 5 }
            await expectRPCError(.invalidArgument, fields: ["page.page_token"]) {
                _ = try await list(admin) { $0.page.pageSize = 5; $0.country = "LV"; $0.page.pageToken = first.page.nextPageToken }
            }
            await admin.close()
        }
    }
}
