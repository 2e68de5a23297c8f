import Foundation
import Testing
import TIBSCatalogue
import TIBSProto
import TIBSRPC
import TIBSTestSupport

@Suite struct ProviderTests {
    @Test func aProviderIsCreatedReadUpdatedAndListedWithItsContactsForItsRegionOnly() async throws {
        try await withCatalogue { catalogue in
            let broker = CatalogueCalls(client: try catalogue.client(.broker, regions: ["FI1C4"]))
            let analyst = CatalogueCalls(client: try catalogue.client(.analyst))
            let created = try await broker.createProvider()
            #expect(created.version == 1 && created.fields.kind == .university && created.fields.contacts.count == 1)
            #expect(created.fields.contacts[0].hasConsentRecordedAt)
            let seenByAnalyst: Tibs_Catalogue_V1_Provider = try await analyst.client.unary(
                CatalogueMethods.getProvider, Tibs_Catalogue_V1_GetProviderRequest.with { $0.id = created.id })
            #expect(seenByAnalyst.contactsWithheld && seenByAnalyst.fields.contacts.isEmpty)
            var fields = created.fields
            fields.name = "South-Eastern Finland University of Applied Sciences"
            let updated: Tibs_Catalogue_V1_Provider = try await broker.client.unary(CatalogueMethods.updateProvider, Tibs_Catalogue_V1_UpdateProviderRequest.with {
                $0.id = created.id; $0.expectedVersion = 1; $0.fields = fields
            })
            #expect(updated.version == 2 && updated.fields.name == fields.name)
            await refusal(.aborted) {
                let _: Tibs_Catalogue_V1_Provider = try await broker.client.unary(CatalogueMethods.updateProvider, Tibs_Catalogue_V1_UpdateProviderRequest.with {
                    $0.id = created.id; $0.expectedVersion = 1; $0.fields = fields
                })
            }
            let listed: Tibs_Catalogue_V1_ListProvidersResponse = try await analyst.client.unary(
                CatalogueMethods.listProviders, Tibs_Catalogue_V1_ListProvidersRequest.with { $0.country = "fi"; $0.kind = .university })
            #expect(listed.providers.map(\.id) == [created.id] && listed.page.totalSize == 1)
            for client in [broker.client, analyst.client] { await client.close() }
        }
    }

    static let badProviders: [(String, [String], @Sendable (inout Tibs_Catalogue_V1_ProviderFields) -> Void)] = [
        ("no name", ["fields.name"], { $0.name = "  " }),
        ("no kind", ["fields.kind"], { $0.kind = .unspecified }),
        ("unknown kind number", ["fields.kind"], { $0.kind = .UNRECOGNIZED(42) }),
        ("region outside the country", ["fields.region.nuts_code"], { $0.region = CatalogueFixtures.region("FI", "LV008") }),
        ("escape sequence in the name", ["fields.name"], { $0.name = "Xamk\u{1B}[2J" }),
        ("a contact without consent", ["fields.contacts[0].consent_given"], { $0.contacts[0].consentGiven = false }),
        ("not a URL", ["fields.website"], { $0.website = "xamk.fi" }),
    ]

    @Test(arguments: badProviders)
    func aBrokenProviderIsInvalidArgumentNamingTheFieldAndNothingIsStored(
        _ why: String, fields: [String], breakIt: @Sendable (inout Tibs_Catalogue_V1_ProviderFields) -> Void
    ) async throws {
        try await withCatalogue { catalogue in
            let admin = CatalogueCalls(client: try catalogue.client(.admin))
            var provider = CatalogueFixtures.provider()
            breakIt(&provider)
            try await unchanged(catalogue.store) {
                await refusal(.invalidArgument, fields: fields) { _ = try await admin.createProvider(provider) }
            }
            await admin.client.close()
        }
    }

    @Test func onlyWritersOfTheProvidersRegionCreateOrChangeIt() async throws {
        try await withCatalogue { catalogue in
            let stranger = CatalogueCalls(client: try catalogue.client(.broker, regions: ["DE60"]))
            let integrator = CatalogueCalls(client: try catalogue.client(.integrator))
            try await unchanged(catalogue.store) {
                await refusal(.permissionDenied) { _ = try await stranger.createProvider() }
                await refusal(.permissionDenied) { _ = try await integrator.createProvider() }
            }
            for client in [stranger.client, integrator.client] { await client.close() }
        }
    }
}
