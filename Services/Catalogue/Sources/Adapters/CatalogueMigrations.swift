import GRDB

/// The catalogue's schema. Entities are stored as a `record` — the same protobuf message the
/// feed carries (``CatalogueCoding``) — plus the columns listings filter on; contact persons
/// (personal data) live in tables of their own so that erasure is one DELETE. Never edit a
/// shipped migration: add `catalogue.v2`.
public enum CatalogueMigrations {
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("catalogue.v1") { db in
            try db.execute(sql: """
                CREATE TABLE providers (
                    id       TEXT    NOT NULL PRIMARY KEY,
                    country  TEXT    NOT NULL,
                    region   TEXT    NOT NULL,
                    kind     TEXT    NOT NULL,
                    version  INTEGER NOT NULL,
                    record   BLOB    NOT NULL
                );
                CREATE INDEX providers_by_region ON providers (region, id);

                -- Personal data: nowhere else. Erasure deletes these rows.
                CREATE TABLE provider_contacts (
                    provider_id TEXT    NOT NULL REFERENCES providers (id) ON DELETE CASCADE,
                    position    INTEGER NOT NULL,
                    record      BLOB    NOT NULL,
                    PRIMARY KEY (provider_id, position)
                ) WITHOUT ROWID;

                -- s3_index ",ict,", nace_index ",J6201,", languages ",en,lv," for list filters;
                -- trl_min/trl_max 0 when none; opens_on/closes_on '' when open-ended (YYYY-MM-DD sorts as text).
                CREATE TABLE resources (
                    id            TEXT    NOT NULL PRIMARY KEY,
                    provider_id   TEXT    NOT NULL REFERENCES providers (id),
                    country       TEXT    NOT NULL,
                    region        TEXT    NOT NULL,
                    kind          TEXT    NOT NULL,
                    status        TEXT    NOT NULL,
                    runs_in_calls INTEGER NOT NULL,
                    transnational INTEGER NOT NULL,
                    s3_index      TEXT    NOT NULL,
                    nace_index    TEXT    NOT NULL,
                    languages     TEXT    NOT NULL,
                    trl_min       INTEGER NOT NULL,
                    trl_max       INTEGER NOT NULL,
                    opens_on      TEXT    NOT NULL,
                    closes_on     TEXT    NOT NULL,
                    title_key     TEXT    NOT NULL,
                    version       INTEGER NOT NULL,
                    record        BLOB    NOT NULL
                );
                CREATE INDEX resources_by_status ON resources (status, id);
                CREATE INDEX resources_by_provider ON resources (provider_id, id);
                -- Programmes still to retire when their window closes.
                CREATE INDEX resources_closing ON resources (closes_on) WHERE runs_in_calls = 1 AND status != 'retired';
                -- The import's natural key: a provider's resource of one kind and title.
                CREATE UNIQUE INDEX resources_by_title ON resources (provider_id, kind, title_key);

                CREATE TABLE resource_contacts (
                    resource_id TEXT NOT NULL PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
                    record      BLOB NOT NULL
                ) WITHOUT ROWID;

                -- Free text over title, description and keywords; rowid = resources.rowid.
                CREATE VIRTUAL TABLE resource_text USING fts5 (title, description, keywords, tokenize = 'unicode61 remove_diacritics 2');
                """)
        }
        return migrator
    }
}
