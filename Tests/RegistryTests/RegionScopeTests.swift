import Foundation
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

/// A broker of another region may read a Vidzeme SME but change nothing about it.
@Suite struct RegionScopeTests {
    /// The SME, one of its needs and one of its offers, made by an admin.
    struct Seed: Sendable {
        let sme: Tibs_Registry_V1_Sme
        let need: Tibs_Registry_V1_Need
        let offer: Tibs_Registry_V1_Offer
    }

    static let writes: [(String, @Sendable (RPCClient, Seed) async throws -> Void)] = [
        ("UpdateSme", { client, seed in let _: Tibs_Registry_V1_Sme = try await client.unary(RegistryMethods.updateSme, Tibs_Registry_V1_UpdateSmeRequest.with {
            $0.id = seed.sme.id; $0.expectedVersion = 1; $0.fields = seed.sme.fields }) }),
        ("DeleteSme", { client, seed in let _: Tibs_Registry_V1_DeleteSmeResponse = try await client.unary(RegistryMethods.deleteSme, Tibs_Registry_V1_DeleteSmeRequest.with {
            $0.id = seed.sme.id }) }),
        ("AddNeed", { client, seed in let _: Tibs_Registry_V1_Need = try await client.unary(RegistryMethods.addNeed, Tibs_Registry_V1_AddNeedRequest.with {
            $0.smeID = seed.sme.id; $0.fields = Fixtures.need() }) }),
        ("UpdateNeed", { client, seed in let _: Tibs_Registry_V1_Need = try await client.unary(RegistryMethods.updateNeed, Tibs_Registry_V1_UpdateNeedRequest.with {
            $0.id = seed.need.id; $0.expectedVersion = 1; $0.fields = seed.need.fields }) }),
        ("AddOffer", { client, seed in let _: Tibs_Registry_V1_Offer = try await client.unary(RegistryMethods.addOffer, Tibs_Registry_V1_AddOfferRequest.with {
            $0.smeID = seed.sme.id; $0.fields = Fixtures.offer() }) }),
        ("UpdateOffer", { client, seed in let _: Tibs_Registry_V1_Offer = try await client.unary(RegistryMethods.updateOffer, Tibs_Registry_V1_UpdateOfferRequest.with {
            $0.id = seed.offer.id; $0.expectedVersion = 1; $0.fields = seed.offer.fields }) }),
        ("RecordSurvey", { client, seed in let _: Tibs_Registry_V1_Survey = try await client.unary(RegistryMethods.recordSurvey, Tibs_Registry_V1_RecordSurveyRequest.with {
            $0.smeID = seed.sme.id; $0.answers = Fixtures.survey() }) }),
        ("ExportSme", { client, seed in let _: Tibs_Registry_V1_SmeExport = try await client.unary(RegistryMethods.exportSme, Tibs_Registry_V1_ExportSmeRequest.with {
            $0.id = seed.sme.id }) }),
        ("EraseSmePersonalData", { client, seed in let _: Tibs_Registry_V1_EraseSmePersonalDataResponse = try await client.unary(
            RegistryMethods.eraseSmePersonalData, Tibs_Registry_V1_EraseSmePersonalDataRequest.with { $0.id = seed.sme.id }) }),
    ]

    @Test(arguments: writes)
    func aBrokerOfAnotherRegionIsDeniedAndChangesNothing(method: String, call: @Sendable (RPCClient, Seed) async throws -> Void) async throws {
        try await withRegistry { registry in
            let admin = try registry.client(.admin)
            let sme: Tibs_Registry_V1_Sme = try await admin.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Fixtures.sme() })
            let need: Tibs_Registry_V1_Need = try await admin.unary(RegistryMethods.addNeed, Tibs_Registry_V1_AddNeedRequest.with {
                $0.smeID = sme.id; $0.fields = Fixtures.need()
            })
            let offer: Tibs_Registry_V1_Offer = try await admin.unary(RegistryMethods.addOffer, Tibs_Registry_V1_AddOfferRequest.with {
                $0.smeID = sme.id; $0.fields = Fixtures.offer()
            })
            let stranger = try registry.client(.broker, regions: ["LT01"])
            try await expectUnchanged(registry.store) {
                await expectRPCError(.permissionDenied) { try await call(stranger, Seed(sme: sme, need: need, offer: offer)) }
            }
            // Reading stays open to the stranger.
            let read: Tibs_Registry_V1_Sme = try await stranger.unary(RegistryMethods.getSme, Tibs_Registry_V1_GetSmeRequest.with { $0.id = sme.id })
            #expect(read.id == sme.id && read.contactsWithheld)
            await stranger.close()
            await admin.close()
        }
    }

    /// Authorisation comes first where the request names the region: the answer does not depend
    /// on which other fields were broken.
    @Test func aBrokersBrokenRequestOutsideItsRegionIsPermissionDeniedNotInvalidArgument() async throws {
        try await withRegistry { registry in
            let stranger = try registry.client(.broker, regions: ["DE60"])
            var fields = Fixtures.sme()
            fields.legalName = ""
            fields.naceCodes = []
            try await expectUnchanged(registry.store) {
                await expectRPCError(.permissionDenied) {
                    let _: Tibs_Registry_V1_Sme = try await stranger.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = fields })
                }
            }
            await stranger.close()
        }
    }
}
