import Foundation
import GRDB

/// The identity of a store's change feed: a random id written when the store is created
/// (migration `store.v2`) and replaced when the database is restored from a backup
/// (``ServiceStore/restore(from:to:)``). Sequences only mean something within one epoch: a
/// follower stores the epoch beside its cursor and resyncs from 0 when the upstream's differs,
/// because after a restore the upstream's sequences above the backup were handed out again.
public enum FeedEpoch {
    static let key = "feed_epoch"

    /// 128 random bits, lowercase hex.
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// The stored epoch, or nil when the database predates `store.v2` (no `store_meta`).
    public static func read(_ db: Database) throws -> String? {
        guard try db.tableExists("store_meta") else { return nil }
        return try String.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = ?", arguments: [key])
    }

    static func write(_ db: Database, _ epoch: String) throws {
        try db.execute(sql: "INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       arguments: [key, epoch])
    }
}
