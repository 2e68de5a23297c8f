import Foundation
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

/// The checks every method makes before it touches data: unknown ids, filters, roles.
@Suite struct RequestCheckTests {
    static let unknown = "01936f4c-6d2e-7a31-9b0c-4d5e6f708192"

    /// One call per method that takes an existing entity's id, each with an id nobody has.
    static let callsWithUnknownIDs: [(String, @Sendable (RPCClient) async throws -> Void)] = [
        ("GetSme", { client in let _: Tibs_Registry_V1_Sme = try await client.unary(RegistryMethods.getSme, Tibs_Registry_V1_GetSmeRequest.with { $0.id = unknown }) }),
        ("UpdateSme", { client in let _: Tibs_Registry_V1_Sme = try await client.unary(RegistryMethods.updateSme, Tibs_Registry_V1_UpdateSmeRequest.with {
            $0.id = unknown; $0.expectedVersion = 1; $0.fields = Fixtures.sme() }) }),
        ("DeleteSme", { client in let _: Tibs_Registry_V1_DeleteSmeResponse = try await client.unary(RegistryMethods.deleteSme, Tibs_Registry_V1_DeleteSmeRequest.with { $0.id = unknown }) }),
        ("AddNeed", { client in let _: Tibs_Registry_V1_Need = try await client.unary(RegistryMethods.addNeed, Tibs_Registry_V1_AddNeedRequest.with {
            $0.smeID = unknown; $0.fields = Fixtures.need() }) }),
        ("UpdateNeed", { client in let _: Tibs_Registry_V1_Need = try await client.unary(RegistryMethods.updateNeed, Tibs_Registry_V1_UpdateNeedRequest.with {
            $0.id = unknown; $0.expectedVersion = 1; $0.fields = Fixtures.need() }) }),
        ("AddOffer", { client in let _: Tibs_Registry_V1_Offer = try await client.unary(RegistryMethods.addOffer, Tibs_Registry_V1_AddOfferRequest.with {
            $0.smeID = unknown; $0.fields = Fixtures.offer() }) }),
        ("UpdateOffer", { client in let _: Tibs_Registry_V1_Offer = try await client.unary(RegistryMethods.updateOffer, Tibs_Registry_V1_UpdateOfferRequest.with {
            $0.id = unknown; $0.expectedVersion = 1; $0.fields = Fixtures.offer() }) }),
        ("RecordSurvey", { client in let _: Tibs_Registry_V1_Survey = try await client.unary(RegistryMethods.recordSurvey, Tibs_Registry_V1_RecordSurveyRequest.with {
            $0.smeID = unknown; $0.answers = Fixtures.survey() }) }),
        ("ExportSme", { client in let _: Tibs_Registry_V1_SmeExport = try await client.unary(RegistryMethods.exportSme, Tibs_Registry_V1_ExportSmeRequest.with { $0.id = unknown }) }),
        ("EraseSmePersonalData", { client in let _: Tibs_Registry_V1_EraseSmePersonalDataResponse = try await client.unary(
            RegistryMethods.eraseSmePersonalData, Tibs_Registry_V1_EraseSmePersonalDataRequest.with { $0.id = unknown }) }),
    ]

    @Test(arguments: callsWithUnknownIDs)
    func anUnknownIdIsNotFoundAndChangesNothing(method: String, call: @Sendable (RPCClient) async throws -> Void) async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let _: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
            try await expectUnchanged(registry.store) {
                await expectRPCError(.notFound) { try await call(admin) }
            }
            await admin.close()
        }
    }

    @Test func anOfferIsUpdatedWithItsExpectedVersion() async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
            let offer: Tibs_Registry_V1_Offer = try await admin.unary(RegistryMethods.addOffer, Tibs_Registry_V1_AddOfferRequest.with {
                $0.smeID = sme.id; $0.fields = Fixtures.offer()
            })
            var fields = offer.fields
            fields.status = .withdrawn
            let updated: Tibs_Registry_V1_Offer = try await admin.unary(RegistryMethods.updateOffer, Tibs_Registry_V1_UpdateOfferRequest.with {
                $0.id = offer.id; $0.expectedVersion = 1; $0.fields = fields
            })
            #expect(updated.version == 2 && updated.fields.status == .withdrawn)
            await admin.close()
        }
    }

    @Test func listFiltersOfNeedsSurveysAndBrokersAreChecked() async throws {
        try await withRegistry { registry in
            let analyst = try registry.client(.analyst)
            await expectRPCError(.invalidArgument, fields: ["filter.region"]) {
                let _: Tibs_Registry_V1_ListNeedsResponse = try await analyst.unary(RegistryMethods.listNeeds, Tibs_Registry_V1_ListNeedsRequest.with { $0.filter.region = "Vidzeme" })
            }
            await expectRPCError(.invalidArgument, fields: ["page.page_size"]) {
                let _: Tibs_Registry_V1_ListOffersResponse = try await analyst.unary(RegistryMethods.listOffers, Tibs_Registry_V1_ListOffersRequest.with { $0.page.pageSize = 1_000 })
            }
            await expectRPCError(.invalidArgument, fields: ["conducted_from"]) {
                let _: Tibs_Registry_V1_ListSurveysResponse = try await analyst.unary(RegistryMethods.listSurveys, Tibs_Registry_V1_ListSurveysRequest.with { $0.conductedFrom = "last year" })
            }
            await expectRPCError(.invalidArgument, fields: ["region"]) {
                let _: Tibs_Registry_V1_ListBrokersResponse = try await analyst.unary(RegistryMethods.listBrokers, Tibs_Registry_V1_ListBrokersRequest.with { $0.region = "XX1" })
            }
            await analyst.close()
        }
    }

    @Test(arguments: [Role.analyst, Role.integrator, Role.broker])
    func onlyAdminsAndServicesFollowTheFeed(role: Role) async throws {
        try await withRegistry { registry in
            let reader = try registry.client(role, regions: ["LV008"])
            await expectRPCError(.permissionDenied) {
                try await reader.serverStreaming(RegistryMethods.watchChanges, Tibs_Common_V1_WatchChangesRequest()) {
                    (stream: ResponseStream<Tibs_Common_V1_ChangeEvent>) in
                    for try await _ in stream {}
                }
            }
            await reader.close()
        }
    }
}
