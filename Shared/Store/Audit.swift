import Foundation
import GRDB

/// One audited call: who did what to which entity, when, and how it ended.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var role: String
    public var method: String
    public var entityType: String
    public var entityID: String
    public var requestID: String
    public var outcome: String
}

/// The audit log (DESIGN.md, Identity: every mutation is audited).
///
/// Record inside the mutation's transaction so the entry exists exactly when the change
/// does. A refused call writes nothing else, so audit it in its own small write if it
/// must be kept. Entries hold identifiers, never personal data, so erasure leaves them.
/// Get it from ``ServiceStore/audit``.
public struct Audit: Sendable {
    let clock: StoreClock

    public init(clock: @escaping StoreClock = { Date() }) {
        self.clock = clock
    }

    /// Appends an entry stamped with the store's clock and returns its id.
    /// `outcome` is "OK" or the RPC status name the call ended with.
    @discardableResult
    public func record(
        _ db: Database, actor: String, role: String, method: String,
        entityType: String, entityID: String, requestID: String, outcome: String
    ) throws -> Int64 {
        // Prepared once per connection: every mutation of every service comes through here.
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (at, actor, role, method, entity_type, entity_id, request_id, outcome)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(
            arguments: [clock().storeMillis, actor, role, method, entityType, entityID, requestID, outcome])
        return db.lastInsertedRowID
    }

    /// Entries about one entity, oldest first (for admin tools and tests).
    public func list(_ db: Database, entityID: String, limit: Int = 1_000) throws -> [AuditEntry] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, at, actor, role, method, entity_type, entity_id, request_id, outcome
                FROM audit_log WHERE entity_id = ? ORDER BY id LIMIT ?
                """,
            arguments: [entityID, max(limit, 1)]
        ).map { row in
            AuditEntry(
                id: row["id"], at: Date(storeMillis: row["at"]), actor: row["actor"], role: row["role"],
                method: row["method"], entityType: row["entity_type"], entityID: row["entity_id"],
                requestID: row["request_id"], outcome: row["outcome"])
        }
    }
}
