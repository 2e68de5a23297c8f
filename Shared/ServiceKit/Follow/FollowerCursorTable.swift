import Foundation
import GRDB

/// Reads and writes `follower_cursors` (``FollowerSchema``), inside the caller's transaction.
public enum FollowerCursorTable {
    public struct Row: Sendable, Equatable {
        public var sequence: Int64
        /// The last time the follower caught up; nil if never.
        public var syncedAt: Date?
    }

    /// The stored cursor of `upstream`, or nil before its first batch.
    public static func read(_ db: Database, upstream: String) throws -> Row? {
        let statement = try db.cachedStatement(sql: "SELECT sequence, synced_at FROM follower_cursors WHERE upstream = ?")
        guard let row = try GRDB.Row.fetchOne(statement, arguments: [upstream]) else { return nil }
        return Row(sequence: row["sequence"], syncedAt: date(row["synced_at"]))
    }

    /// Stores `sequence` for `upstream`; `syncedAt` nil keeps the stored caught-up time.
    public static func save(_ db: Database, upstream: String, sequence: Int64, syncedAt: Date?) throws {
        let millis = syncedAt.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO follower_cursors (upstream, sequence, synced_at) VALUES (?, ?, ?)
            ON CONFLICT (upstream) DO UPDATE SET sequence = excluded.sequence,
                synced_at = COALESCE(excluded.synced_at, follower_cursors.synced_at)
            """)
        try statement.execute(arguments: [upstream, sequence, millis])
    }

    /// Every stored cursor, by upstream.
    public static func all(_ db: Database) throws -> [String: Row] {
        var rows: [String: Row] = [:]
        for row in try GRDB.Row.fetchAll(db, sql: "SELECT upstream, sequence, synced_at FROM follower_cursors") {
            rows[row["upstream"]] = Row(sequence: row["sequence"], syncedAt: date(row["synced_at"]))
        }
        return rows
    }

    private static func date(_ millis: Int64?) -> Date? {
        millis.map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }
}
