import Foundation
import TIBSCatalogue
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// The catalogue as `tibs-catalogue` runs it, over TLS (``withService(_:clock:_:)``).
func withCatalogue<T: Sendable>(clock: ManualClock = ManualClock(), _ body: (ServiceHarness) async throws -> T) async throws -> T {
    try await withService(CatalogueService.definition(), clock: clock.now, body)
}

/// Calls of the catalogue's methods, typed, for tests.
struct CatalogueCalls: Sendable {
    let client: RPCClient

    func createProvider(_ fields: Tibs_Catalogue_V1_ProviderFields = CatalogueFixtures.provider()) async throws -> Tibs_Catalogue_V1_Provider {
        try await client.unary(CatalogueMethods.createProvider, Tibs_Catalogue_V1_CreateProviderRequest.with { $0.fields = fields })
    }

    func createResource(_ providerID: String, _ fields: Tibs_Catalogue_V1_ResourceFields = CatalogueFixtures.resource(),
                        metadata: [String: String] = [:]) async throws -> Tibs_Catalogue_V1_Resource {
        try await client.unary(CatalogueMethods.createResource, Tibs_Catalogue_V1_CreateResourceRequest.with {
            $0.providerID = providerID
            $0.fields = fields
        }, metadata: metadata)
    }

    func step(_ path: String, _ resource: Tibs_Catalogue_V1_Resource, note: String = "") async throws -> Tibs_Catalogue_V1_Resource {
        try await client.unary(path, Tibs_Catalogue_V1_ReviewStepRequest.with {
            $0.id = resource.id
            $0.expectedVersion = resource.version
            $0.note = note
        })
    }

    /// Drafts, submits and publishes.
    func published(_ providerID: String, _ fields: Tibs_Catalogue_V1_ResourceFields = CatalogueFixtures.resource()) async throws -> Tibs_Catalogue_V1_Resource {
        let draft = try await createResource(providerID, fields)
        return try await step(CatalogueMethods.publishResource, try await step(CatalogueMethods.submitResource, draft))
    }

    func list(_ configure: (inout Tibs_Catalogue_V1_ListResourcesRequest) -> Void = { _ in }) async throws -> Tibs_Catalogue_V1_ListResourcesResponse {
        var request = Tibs_Catalogue_V1_ListResourcesRequest()
        configure(&request)
        return try await client.unary(CatalogueMethods.listResources, request)
    }

    func get(_ id: String) async throws -> Tibs_Catalogue_V1_Resource {
        try await client.unary(CatalogueMethods.getResource, Tibs_Catalogue_V1_GetResourceRequest.with { $0.id = id })
    }
}

/// 2023-11-14 22:13:20 UTC, ManualClock's default start: programmes in the fixtures close on 2023-12-31.
let fixtureStart = Date(timeIntervalSince1970: 1_700_000_000)
