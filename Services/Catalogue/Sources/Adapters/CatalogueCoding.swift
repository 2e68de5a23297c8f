import Foundation
import TIBSDomain
import TIBSServiceApp

/// How the catalogue's values become bytes: feed payloads, stored idempotent responses and
/// table records are one wire form (protobuf, implemented by the ports), so a write encodes
/// each value once.
public protocol CatalogueCoding: Sendable {
    /// A provider without its contact persons (they are stored apart and never on the feed).
    func encode(_ provider: Provider) throws -> Data
    /// A resource without its contact person, with its completeness checks.
    func encode(_ resource: Resource) throws -> Data
    func encode(_ contact: ContactPerson) throws -> Data
    /// A create's answer as its caller saw it, stored for idempotent replays (erasure drops it).
    func encode(_ view: ProviderView) throws -> Data
    func encode(_ view: ResourceView) throws -> Data
    func decodeProvider(_ data: Data) throws -> Provider
    func decodeResource(_ data: Data) throws -> Resource
    func decodeContact(_ data: Data) throws -> ContactPerson
    func payloadType(_ type: CatalogueEntity) -> String
}

/// The entity types of the catalogue's change feed and audit log.
public enum CatalogueEntity: String, FeedEntityType {
    case provider, resource
}
