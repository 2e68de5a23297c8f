import Foundation
import GRDB
import TIBSDomain
import TIBSIdentity
import TIBSStore

/// The entity types of the registry's change feed and audit log.
public enum EntityType: String, Sendable, CaseIterable {
    case sme, need, offer, survey, broker

    /// A need's or an offer's type.
    public init(_ side: PostingSide) {
        self = side == .need ? .need : .offer
    }
}

/// Who is calling, for authorisation, the audit log and the feed.
public struct Caller: Sendable {
    public var principal: Principal
    public var requestID: String
    /// The RPC method path, written to the audit log.
    public var method: String

    public init(principal: Principal, requestID: String, method: String) {
        self.principal = principal
        self.requestID = requestID
        self.method = method
    }
}

/// An `idempotency-key` with the digest of the request it came with.
public struct IdempotencyTicket: Sendable {
    /// Already scoped to the caller (subject + client key), so two clients never collide.
    public var key: String
    public var requestDigest: Data

    public init(key: String, requestDigest: Data) {
        self.key = key
        self.requestDigest = requestDigest
    }
}

/// The result of a create that honours idempotency keys: the new entity, or the stored
/// response of the first request with the same key and body.
public enum Created<Value: Sendable>: Sendable {
    case new(Value)
    case replayed(Data)
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
    /// A stored response of `method` without contact persons, or nil when it holds none.
    func withoutContacts(method: String, response: Data) throws -> Data?
}

/// The registry's use cases over its store. Every mutation runs in one transaction that
/// also appends the change-feed record and the audit record, so all three exist together
/// or not at all; single-entity writes go through group commit.
public struct RegistryApp: Sendable {
    public let store: ServiceStore
    public let rules: RegistryRules
    public let codec: any RegistryCoding
    let ids: UUIDv7Generator

    public init(store: ServiceStore, rules: RegistryRules = RegistryRules(), codec: any RegistryCoding,
                ids: UUIDv7Generator = .shared) {
        self.store = store
        self.rules = rules
        self.codec = codec
        self.ids = ids
    }

    /// The store's clock to the millisecond, the precision every stored time keeps.
    var now: Date { Date(timeIntervalSince1970: (store.clock().timeIntervalSince1970 * 1000).rounded() / 1000) }

    /// Appends the feed record and the audit record of one mutation (inside its transaction).
    func recordChange(_ db: Database, _ caller: Caller, _ type: EntityType, _ id: String, _ kind: ChangeKind, payload: Data?) throws {
        try store.feed.append(
            db, entityType: type.rawValue, entityID: id, kind: kind, actor: caller.principal.subject,
            requestID: caller.requestID, payloadType: payload == nil ? "" : codec.payloadType(type), payload: payload ?? Data())
        try store.audit.record(
            db, actor: caller.principal.subject, role: caller.principal.role.rawValue, method: caller.method,
            entityType: type.rawValue, entityID: id, requestID: caller.requestID, outcome: "OK")
    }

    /// Runs a create under an idempotency ticket: the stored response when the key was seen
    /// with the same request, else `body`'s value, whose encoded response is stored.
    func idempotent<Value: Sendable>(_ db: Database, _ ticket: IdempotencyTicket?, _ caller: Caller,
                                     encode: (Value) throws -> Data, _ body: () throws -> Value) throws -> Created<Value> {
        guard let ticket else { return .new(try body()) }
        if let stored = try store.idempotency.lookup(db, key: ticket.key, method: caller.method, requestDigest: ticket.requestDigest) {
            return .replayed(stored)
        }
        let value = try body()
        try store.idempotency.record(db, key: ticket.key, method: caller.method, requestDigest: ticket.requestDigest,
                                     response: try encode(value))
        return .new(value)
    }

    /// The SME with this id (without contacts), or NOT_FOUND.
    func requireSME(_ db: Database, _ id: String, withContacts: Bool = false) throws -> SME {
        guard let sme = try SMETable.load(db, id: id, codec: codec, withContacts: withContacts) else {
            throw RegistryError.notFound(entity: "SME", id: id)
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
        let now = self.now
        for index in profile.contacts.indices where profile.contacts[index].consentRecordedAt == nil {
            profile.contacts[index].consentRecordedAt = now
        }
        return profile
    }
}
