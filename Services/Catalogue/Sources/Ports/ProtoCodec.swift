import Foundation
import SwiftProtobuf
import TIBSDomain
import TIBSProto

/// The protobuf form of the catalogue's values: feed payloads, stored idempotent responses and
/// table records. Contact persons are encoded apart and never into a provider's or resource's record.
struct ProtoCodec: CatalogueCoding {
    func encode(_ provider: Provider) throws -> Data {
        var copy = provider
        copy.profile.contacts = []
        return try CatalogueMapping.proto(ProviderView(provider: copy, contactsWithheld: true)).serializedBytes()
    }

    func encode(_ resource: Resource) throws -> Data {
        // The completeness is the resource's own, with its contact; the record holds no contact.
        var view = ResourceView(resource: resource, contactWithheld: true)
        view.resource.fields.contact = nil
        return try CatalogueMapping.proto(view).serializedBytes()
    }

    func encode(_ contact: ContactPerson) throws -> Data { try CatalogueMapping.proto(contact).serializedBytes() }
    func encode(_ view: ProviderView) throws -> Data { try CatalogueMapping.proto(view).serializedBytes() }
    func encode(_ view: ResourceView) throws -> Data { try CatalogueMapping.proto(view).serializedBytes() }

    func decodeProvider(_ data: Data) throws -> Provider { CatalogueMapping.provider(try Tibs_Catalogue_V1_Provider(serializedBytes: data)) }
    func decodeResource(_ data: Data) throws -> Resource { CatalogueMapping.resource(try Tibs_Catalogue_V1_Resource(serializedBytes: data)) }
    func decodeContact(_ data: Data) throws -> ContactPerson {
        CatalogueMapping.contact(try Tibs_Catalogue_V1_ContactPerson(serializedBytes: data))
    }

    func payloadType(_ type: CatalogueEntity) -> String {
        switch type {
        case .provider: Tibs_Catalogue_V1_Provider.protoMessageName
        case .resource: Tibs_Catalogue_V1_Resource.protoMessageName
        }
    }
}
