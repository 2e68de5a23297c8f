import GRDB

/// The follower's table in the FOLLOWING service's store: one cursor per upstream, written in the
/// same transaction as the effects of the events it covers, so a crash never applies an event
/// twice nor skips one. A service that follows feeds registers it after its own migrations.
public enum FollowerSchema {
    public static let migrationIdentifier = "follower.v1"
    public static let epochMigrationIdentifier = "follower.v2"

    public static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(migrationIdentifier) { db in
            // synced_at: store milliseconds of the last time the follower caught up; NULL if never.
            try db.execute(sql: """
                CREATE TABLE follower_cursors (
                    upstream  TEXT    NOT NULL PRIMARY KEY,
                    sequence  INTEGER NOT NULL,
                    synced_at INTEGER NULL
                );
                """)
        }
        migrator.registerMigration(epochMigrationIdentifier) { db in
            // The upstream's feed epoch the cursor belongs to; '' until the first event names one.
            try db.execute(sql: "ALTER TABLE follower_cursors ADD COLUMN epoch TEXT NOT NULL DEFAULT ''")
        }
    }
}
