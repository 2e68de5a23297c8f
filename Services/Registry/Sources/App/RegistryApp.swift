import Foundation
import GRDB
import TIBSDomain
import TIBSIdentity
import TIBSServiceApp
import TIBSStore

/// The entity types of the registry's change feed and audit log.
public enum EntityType: String, FeedEntityType {
    case sme, need, offer, survey, broker

    /// A need's or an offer's type.
    public init(_ side: PostingSide) {
        self = side == .need ? .need : .offer
    }
}

/// How the registry's values become bytes: the change-feed payloads, the stored idempotent
/// responses, and the records in its own tables are one and the same wire form (protobuf,
/// implemented by the ports), so a write encodes each value once and a read decodes it fast.
public protocol RegistryCoding: Sendable {
    func encode(_ sme: SMEView) throws -> Data
    func encode(_ posting: Posting) throws -> Data
    func encode(_ survey: Survey) throws -> Data
    func encode(_ broker: Broker) throws -> Data
    func encode(_ contact: ContactPerson) throws -> Data
    func decodeSME(_ data: Data) throws -> SME
    func decodePosting(_ data: Data, side: PostingSide) throws -> Posting
    func decodeSurvey(_ data: Data) throws -> Survey
    func decodeBroker(_ data: Data) throws -> Broker
    func decodeContact(_ data: Data) throws -> ContactPerson
    /// The message name of each entity's payload, e.g. `tibs.registry.v1.Sme`.
    func payloadType(_ type: EntityType) -> String
}

/// The registry's use cases over its store. Every mutation runs in one transaction that
/// also appends the change-feed record and the audit record (``ChangeWriter``), so all three
/// exist together or not at all; single-entity writes go through group commit.
public struct RegistryApp: Sendable {
    public let store: ServiceStore
    public let rules: RegistryRules
    public let codec: any RegistryCoding
    /// Feed, audit and idempotency records of every mutation.
    let changes: ChangeWriter<EntityType>
    let ids: UUIDv7Generator

    public init(store: ServiceStore, rules: RegistryRules = RegistryRules(), codec: any RegistryCoding,
                ids: UUIDv7Generator = .shared) {
        self.store = store
        self.rules = rules
        self.codec = codec
        self.changes = ChangeWriter(store: store, payloadType: codec.payloadType)
        self.ids = ids
    }

    /// The SME with this id (without contacts), or NOT_FOUND.
    func requireSME(_ db: Database, _ id: String, withContacts: Bool = false) throws -> SME {
        guard let sme = try SMETable.load(db, id: id, codec: codec, withContacts: withContacts) else {
            throw ServiceError.notFound(entity: "SME", id: id)
        }
        return sme
    }

    /// The assigned broker must exist and serve the SME's region.
    func checkAssignedBroker(_ db: Database, _ profile: SMEProfile) throws {
        guard !profile.assignedBrokerID.isEmpty else { return }
        guard let broker = try BrokerTable.load(db, id: profile.assignedBrokerID, codec: codec) else {
            throw ValidationErrors(field: "assigned_broker_id", "no broker is registered with this id")
        }
        guard broker.serves(profile.region.nutsCode) else {
            throw ValidationErrors(field: "assigned_broker_id",
                                   "broker \(broker.profile.displayName) does not serve region \(profile.region.nutsCode)")
        }
    }

    /// Consent stamps: a contact without a recorded time gets `now`.
    func stamped(_ profile: SMEProfile) -> SMEProfile {
        var profile = profile
        let now = store.now
        for index in profile.contacts.indices where profile.contacts[index].consentRecordedAt == nil {
            profile.contacts[index].consentRecordedAt = now
        }
        return profile
    }
}
