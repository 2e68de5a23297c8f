import GRDB

/// The store's own schema, migrated before any service migration.
///
/// Identifiers start with `store.`; service migrators must use their own prefix
/// (e.g. `registry.v1`). Never edit a shipped migration: add `store.v2`.
enum StoreMigrations {
    static let prefix = "store."

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("store.v1") { db in
            // AUTOINCREMENT: a sequence is never handed out twice, even after the
            // newest rows are deleted, so follower cursors stay meaningful.
            try db.execute(sql: """
                CREATE TABLE change_feed (
                    sequence      INTEGER PRIMARY KEY AUTOINCREMENT,
                    entity_type   TEXT    NOT NULL,
                    entity_id     TEXT    NOT NULL,
                    kind          TEXT    NOT NULL CHECK (kind IN ('created', 'updated', 'deleted', 'erased')),
                    committed_at  INTEGER NOT NULL,
                    actor         TEXT    NOT NULL,
                    request_id    TEXT    NOT NULL,
                    payload_type  TEXT    NOT NULL,
                    payload       BLOB    NOT NULL
                );
                CREATE INDEX change_feed_by_type ON change_feed (entity_type, sequence);
                CREATE INDEX change_feed_by_entity ON change_feed (entity_type, entity_id);

                CREATE TABLE idempotency_keys (
                    key            TEXT    NOT NULL PRIMARY KEY,
                    method         TEXT    NOT NULL,
                    request_digest BLOB    NOT NULL,
                    response       BLOB    NOT NULL,
                    created_at     INTEGER NOT NULL
                );
                CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

                CREATE TABLE audit_log (
                    id          INTEGER PRIMARY KEY AUTOINCREMENT,
                    at          INTEGER NOT NULL,
                    actor       TEXT    NOT NULL,
                    role        TEXT    NOT NULL,
                    method      TEXT    NOT NULL,
                    entity_type TEXT    NOT NULL,
                    entity_id   TEXT    NOT NULL,
                    request_id  TEXT    NOT NULL,
                    outcome     TEXT    NOT NULL
                );
                CREATE INDEX audit_log_by_entity ON audit_log (entity_id, id);
                """)
        }
        migrator.registerMigration("store.v2") { db in
            // The feed's identity (FeedEpoch): followers store it beside their cursor and resync
            // when it changes, which a restore from a backup makes it do.
            try db.execute(sql: """
                CREATE TABLE store_meta (
                    key   TEXT NOT NULL PRIMARY KEY,
                    value TEXT NOT NULL
                );
                """)
            try FeedEpoch.write(db, FeedEpoch.random())
        }
        return migrator
    }
}
