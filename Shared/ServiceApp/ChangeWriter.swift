import Foundation
import GRDB
import TIBSStore

/// The guarantees of every mutation of every service, written once: the change-feed record
/// and the audit record are appended in the mutation's own transaction (all three exist
/// together or not at all), and a create under an idempotency key answers the stored
/// response of its first request instead of creating twice.
///
/// Call ``record(_:_:_:_:_:payload:)`` and ``idempotent(_:_:_:encode:_:)`` inside a
/// `store.write` / `store.groupWrite` closure.
public struct ChangeWriter<Entity: FeedEntityType>: Sendable {
    public let store: ServiceStore
    /// The message name of each entity's payload, e.g. `tibs.registry.v1.Sme`.
    let payloadType: @Sendable (Entity) -> String

    public init(store: ServiceStore, payloadType: @escaping @Sendable (Entity) -> String) {
        self.store = store
        self.payloadType = payloadType
    }

    /// Appends the feed record and the audit record of one mutation (inside its transaction).
    /// A nil payload (deletions) leaves the payload type empty too.
    public func record(_ db: Database, _ caller: Caller, _ type: Entity, _ id: String, _ kind: ChangeKind, payload: Data?) throws {
        try store.feed.append(
            db, entityType: type.rawValue, entityID: id, kind: kind, actor: caller.principal.subject,
            requestID: caller.requestID, payloadType: payload == nil ? "" : payloadType(type), payload: payload ?? Data())
        try store.audit.record(
            db, actor: caller.principal.subject, role: caller.principal.role.rawValue, method: caller.method,
            entityType: type.rawValue, entityID: id, requestID: caller.requestID, outcome: "OK")
    }

    /// The stored response of a create already made under `ticket`, read before the create
    /// prepares anything: a retry answers what the first request answered even when what the
    /// create checks first (another service's data, a replica) has changed or is not back yet
    /// after a restart. nil without a ticket or when the key is new; the create's own
    /// ``idempotent(_:_:_:encode:_:)`` still settles two concurrent requests with one key.
    public func replay(_ ticket: IdempotencyTicket?, _ caller: Caller) async throws -> Data? {
        guard let ticket else { return nil }
        return try await store.read { db in
            try store.idempotency.lookup(db, key: ticket.key, method: caller.method, requestDigest: ticket.requestDigest)
        }
    }

    /// Runs a create under an idempotency ticket: the stored response when the key was seen
    /// with the same request, else `body`'s value, whose encoded response is stored. Without
    /// a ticket, just `body`.
    public func idempotent<Value: Sendable>(_ db: Database, _ ticket: IdempotencyTicket?, _ caller: Caller,
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
}
