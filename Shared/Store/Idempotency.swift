import Foundation
import GRDB

/// Idempotency keys for create calls (PROTOCOL.md, `idempotency-key`): the same key and
/// the same request within the TTL returns the first response instead of creating twice.
///
/// Use it inside the mutation's write transaction: ``lookup(_:key:method:requestDigest:)``
/// first; if it returns nil, perform the mutation, then ``record(_:key:method:requestDigest:response:)``.
/// Both in one transaction make the check-and-create atomic. A key names one request
/// across all methods; scope keys per client (e.g. prefix the token subject) if clients
/// may collide. Get it from ``ServiceStore/idempotency``.
public struct Idempotency: Sendable {
    /// 24 hours, as PROTOCOL.md promises clients.
    public static let defaultTTL: TimeInterval = 24 * 60 * 60

    public let ttl: TimeInterval
    let clock: StoreClock

    public init(ttl: TimeInterval = Idempotency.defaultTTL, clock: @escaping StoreClock = { Date() }) {
        self.ttl = ttl
        self.clock = clock
    }

    /// The stored response for this key, method and request digest, or nil when the key
    /// is unknown or older than the TTL (then the request is treated as new).
    /// - Throws: ``StoreError/idempotencyKeyReused(key:)`` when a live entry has the same key
    ///   but another method or digest.
    public func lookup(_ db: Database, key: String, method: String, requestDigest: Data) throws -> Data? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT method, request_digest, response FROM idempotency_keys WHERE key = ? AND created_at > ?"),
            arguments: [key, cutoff()])
        else { return nil }
        guard row["method"] == method, row["request_digest"] == requestDigest else {
            throw StoreError.idempotencyKeyReused(key: key)
        }
        return row["response"] as Data
    }

    /// Stores the response of the first request with this key. An expired entry with the
    /// same key is replaced; recording the same request twice keeps the first response.
    /// - Throws: ``StoreError/idempotencyKeyReused(key:)`` when a live entry belongs to
    ///   another request.
    public func record(_ db: Database, key: String, method: String, requestDigest: Data, response: Data) throws {
        try db.cachedStatement(sql: """
            INSERT INTO idempotency_keys (key, method, request_digest, response, created_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET
                method = excluded.method, request_digest = excluded.request_digest,
                response = excluded.response, created_at = excluded.created_at
            WHERE idempotency_keys.created_at <= ?
            """).execute(
            arguments: [key, method, requestDigest, response, clock().storeMillis, cutoff()])
        if db.changesCount == 0 {
            // A live entry exists: fine if it is this very request, a reuse otherwise.
            _ = try lookup(db, key: key, method: method, requestDigest: requestDigest)
        }
    }

    /// Deletes entries older than the TTL; returns how many. Run it now and then
    /// (e.g. hourly) in a write; lookups already ignore expired entries.
    @discardableResult
    public func purgeExpired(_ db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM idempotency_keys WHERE created_at <= ?", arguments: [cutoff()])
        return db.changesCount
    }

    /// Drops the entries whose stored response contains `marker` (typically an entity id), for
    /// GDPR erasure: an entry keeps the digest of the original request, personal data included,
    /// so a replay with a guessed body would answer whether the guess was right (the stored
    /// response) or wrong (key reused). Without the entry both answer alike. Call it inside the
    /// erasing transaction. Returns how many were dropped.
    @discardableResult
    public func forgetResponses(_ db: Database, containing marker: Data) throws -> Int {
        try db.execute(sql: "DELETE FROM idempotency_keys WHERE instr(response, ?) > 0", arguments: [marker])
        return db.changesCount
    }

    private func cutoff() -> Int64 {
        clock().addingTimeInterval(-ttl).storeMillis
    }
}
