import Foundation
import GRDB

/// Reads and writes `follower_cursors` (``FollowerSchema``), inside the caller's transaction.
public enum FollowerCursorTable {
    public struct Row: Sendable, Equatable {
        public var sequence: Int64
        /// The last time the follower caught up; nil if never.
        public var syncedAt: Date?
        /// The upstream's feed epoch the sequence belongs to; "" before one was seen.
        public var epoch: String = ""
    }

    /// The stored cursor of `upstream`, or nil before its first batch.
    public static func read(_ db: Database, upstream: String) throws -> Row? {
        let statement = try db.cachedStatement(sql: "SELECT sequence, synced_at, epoch FROM follower_cursors WHERE upstream = ?")
        guard let row = try GRDB.Row.fetchOne(statement, arguments: [upstream]) else { return nil }
        return Row(sequence: row["sequence"], syncedAt: date(row["synced_at"]), epoch: row["epoch"])
    }

    /// Stores `sequence` for `upstream`; `syncedAt` nil keeps the stored caught-up time, an empty
    /// `epoch` the stored epoch.
    public static func save(_ db: Database, upstream: String, sequence: Int64, syncedAt: Date?, epoch: String = "") throws {
        let millis = syncedAt.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO follower_cursors (upstream, sequence, synced_at, epoch) VALUES (?, ?, ?, ?)
            ON CONFLICT (upstream) DO UPDATE SET sequence = excluded.sequence,
                synced_at = COALESCE(excluded.synced_at, follower_cursors.synced_at),
                epoch = CASE excluded.epoch WHEN '' THEN follower_cursors.epoch ELSE excluded.epoch END
            """)
        try statement.execute(arguments: [upstream, sequence, millis, epoch])
    }

    /// Starts `upstream` over: cursor 0, never synced, under `epoch` (a resync, ``FeedFollower``).
    public static func reset(_ db: Database, upstream: String, epoch: String) throws {
        try db.execute(sql: """
            INSERT INTO follower_cursors (upstream, sequence, synced_at, epoch) VALUES (?, 0, NULL, ?)
            ON CONFLICT (upstream) DO UPDATE SET sequence = 0, synced_at = NULL, epoch = excluded.epoch
            """, arguments: [upstream, epoch])
    }

    /// Every stored cursor, by upstream.
    public static func all(_ db: Database) throws -> [String: Row] {
        var rows: [String: Row] = [:]
        for row in try GRDB.Row.fetchAll(db, sql: "SELECT upstream, sequence, synced_at, epoch FROM follower_cursors") {
            rows[row["upstream"]] = Row(sequence: row["sequence"], syncedAt: date(row["synced_at"]), epoch: row["epoch"])
        }
        return rows
    }

    private static func date(_ millis: Int64?) -> Date? {
        millis.map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }
}
