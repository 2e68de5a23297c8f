import Foundation
import GRDB

/// What happened to an entity. `erased` marks a GDPR erasure: followers must drop
/// the personal data they copied, not just mark the entity deleted.
public enum ChangeKind: String, Sendable, Hashable, CaseIterable, Codable {
    case created, updated, deleted, erased
}

/// One committed change, as followers see it through `WatchChanges`.
public struct ChangeRecord: Sendable, Hashable {
    /// Monotonic and never reused; a follower stores the last one it applied as its cursor.
    public var sequence: Int64
    public var entityType: String
    public var entityID: String
    public var kind: ChangeKind
    /// Time of the append from the store's clock (millisecond precision).
    public var committedAt: Date
    public var actor: String
    public var requestID: String
    /// Fully qualified message name of `payload` (e.g. `tibs.registry.v1.Sme`), or "" if none.
    public var payloadType: String
    public var payload: Data

    public init(
        sequence: Int64, entityType: String, entityID: String, kind: ChangeKind, committedAt: Date,
        actor: String, requestID: String, payloadType: String, payload: Data
    ) {
        self.sequence = sequence
        self.entityType = entityType
        self.entityID = entityID
        self.kind = kind
        self.committedAt = committedAt
        self.actor = actor
        self.requestID = requestID
        self.payloadType = payloadType
        self.payload = payload
    }
}

/// The service's change feed: every mutation appends one record in the same SQLite
/// transaction, so a change is in the feed if and only if it is in the data.
///
/// Get it from ``ServiceStore/feed`` (it carries the store's clock).
/// SQLite serialises writers and readers only see committed rows, so a reader that
/// asks for everything after its cursor never skips a row that commits later.
public struct ChangeFeed: Sendable {
    /// Upper bound for one ``read(_:after:limit:entityTypes:)``.
    public static let maxReadLimit = 10_000

    let clock: StoreClock

    public init(clock: @escaping StoreClock = { Date() }) {
        self.clock = clock
    }

    /// Appends a record and returns its sequence.
    ///
    /// Call it inside the transaction that makes the change (`store.write`,
    /// `store.groupWrite`, `pool.write`); it throws ``StoreError/misuse(_:)`` outside one,
    /// because an autocommitted feed row could outlive a failed mutation.
    @discardableResult
    public func append(
        _ db: Database, entityType: String, entityID: String, kind: ChangeKind,
        actor: String, requestID: String, payloadType: String, payload: Data
    ) throws -> Int64 {
        guard db.isInsideTransaction else {
            throw StoreError.misuse("ChangeFeed.append must run inside the mutation's transaction")
        }
        // Prepared once per connection: every mutation of every service comes through here.
        try db.cachedStatement(sql: """
            INSERT INTO change_feed
                (entity_type, entity_id, kind, committed_at, actor, request_id, payload_type, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(
            arguments: [entityType, entityID, kind.rawValue, clock().storeMillis,
                        actor, requestID, payloadType, payload])
        return db.lastInsertedRowID
    }

    /// Records with a sequence greater than `after`, oldest first, at most `limit`
    /// (clamped to 1...``maxReadLimit``). An empty `entityTypes` means all types.
    public func read(
        _ db: Database, after: Int64, limit: Int, entityTypes: Set<String> = []
    ) throws -> [ChangeRecord] {
        let limit = min(max(limit, 1), Self.maxReadLimit)
        var arguments: StatementArguments = [after]
        var filter = ""
        if !entityTypes.isEmpty {
            // Placeholders only; the values are bound below.
            filter = " AND entity_type IN (" + Array(repeating: "?", count: entityTypes.count).joined(separator: ", ") + ")"
            for type in entityTypes.sorted() { arguments += [type] }
        }
        arguments += [limit]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT sequence, entity_type, entity_id, kind, committed_at, actor, request_id, payload_type, payload
                FROM change_feed WHERE sequence > ?\(filter) ORDER BY sequence LIMIT ?
                """,
            arguments: arguments)
        return try rows.map(Self.record(from:))
    }

    /// The highest committed sequence, 0 for an empty feed.
    public func latestSequence(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM change_feed") ?? 0
    }

    /// Empties the payload of every earlier record of one entity, for GDPR erasure:
    /// the feed must not keep personal data the entity no longer holds. Call it in the
    /// erasing transaction, before appending the `erased` record. Returns the count.
    @discardableResult
    public func redactPayloads(_ db: Database, entityType: String, entityID: String) throws -> Int {
        try db.execute(
            sql: "UPDATE change_feed SET payload = x'' WHERE entity_type = ? AND entity_id = ?",
            arguments: [entityType, entityID])
        return db.changesCount
    }

    static func record(from row: Row) throws -> ChangeRecord {
        let rawKind: String = row["kind"]
        guard let kind = ChangeKind(rawValue: rawKind) else {
            throw StoreError.dataLoss("change_feed row \(row["sequence"] as Int64) has unknown kind \(rawKind)")
        }
        return ChangeRecord(
            sequence: row["sequence"], entityType: row["entity_type"], entityID: row["entity_id"],
            kind: kind, committedAt: Date(storeMillis: row["committed_at"]), actor: row["actor"],
            requestID: row["request_id"], payloadType: row["payload_type"], payload: row["payload"])
    }
}
