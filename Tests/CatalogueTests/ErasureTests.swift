import Foundation
import Testing
import TIBSCatalogue
import TIBSProto
import TIBSRPC
import TIBSTestSupport

@Suite struct CatalogueErasureTests {
    @Test func erasingAProvidersPersonalDataLeavesNoneOfTheContactsBytesInTheDatabaseFile() async throws {
        try await withCatalogue { catalogue in
            let admin = CatalogueCalls(client: try catalogue.client(.admin))
            let marker = "aino.erasure-marker@example.fi"
            let contact = CatalogueFixtures.contact(name: "Aino Poistettava", email: marker)
            let provider = try await admin.createProvider(CatalogueFixtures.provider(contacts: [contact]))
            var fields = CatalogueFixtures.resource()
            fields.contact = contact
            let resource = try await admin.createResource(provider.id, fields, metadata: ["idempotency-key": "erase-1"])
            func files() throws -> [Data] {
                try ["", "-wal"].compactMap { suffix in
                    let path = catalogue.databasePath + suffix
                    return FileManager.default.fileExists(atPath: path) ? try Data(contentsOf: URL(fileURLWithPath: path)) : nil
                }
            }
            #expect(try files().contains { $0.range(of: Data(marker.utf8)) != nil }, "the marker is there before")
            let erased: Tibs_Catalogue_V1_EraseProviderPersonalDataResponse = try await admin.client.unary(
                CatalogueMethods.eraseProviderPersonalData, Tibs_Catalogue_V1_EraseProviderPersonalDataRequest.with { $0.id = provider.id })
            #expect(erased.contactsErased == 2 && erased.version == 2)
            for needle in [marker, "Aino Poistettava", "erasure-marker"] {
                for bytes in try files() { #expect(bytes.range(of: Data(needle.utf8)) == nil, "found \(needle)") }
            }
            let after = try await admin.get(resource.id)
            #expect(!after.fields.hasContact && after.version == 2)
            await admin.client.close()
        }
    }
}
