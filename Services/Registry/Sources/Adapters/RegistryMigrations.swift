import GRDB

/// The registry's schema. Entities are stored as a `record` — the same protobuf message the
/// feed carries (``RegistryCoding``) — plus the columns that listings filter and sort on;
/// contact persons (personal data) live in their own table so that erasure is one DELETE. Never edit a shipped migration: add
/// `registry.v2`.
public enum RegistryMigrations {
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("registry.v1") { db in
            try db.execute(sql: """
                CREATE TABLE brokers (
                    id      TEXT NOT NULL PRIMARY KEY,
                    subject TEXT NOT NULL UNIQUE,
                    record  BLOB NOT NULL
                );

                -- nace_index: ",J6201,C2899," (section letter + digits of each code) for prefix filters;
                -- s3_index: ",ict,bioeconomy," for area filters. stage: of the newest survey.
                CREATE TABLE smes (
                    id               TEXT    NOT NULL PRIMARY KEY,
                    country          TEXT    NOT NULL,
                    registration_key TEXT    NOT NULL,
                    region           TEXT    NOT NULL,
                    size_class       TEXT    NOT NULL,
                    stage            TEXT    NOT NULL DEFAULT '',
                    stage_on         TEXT    NOT NULL DEFAULT '',
                    broker_id        TEXT    NOT NULL DEFAULT '',
                    nace_index       TEXT    NOT NULL,
                    s3_index         TEXT    NOT NULL,
                    version          INTEGER NOT NULL,
                    record           BLOB    NOT NULL,
                    UNIQUE (country, registration_key)
                );
                -- (column, id): an equality filter that also yields id order, so a page stops after
                -- page_size + 1 rows instead of sorting every match.
                CREATE INDEX smes_by_country ON smes (country, id);
                CREATE INDEX smes_by_region ON smes (region, id);
                CREATE INDEX smes_by_broker ON smes (broker_id, id);

                -- Personal data: nowhere else. Erasure deletes these rows.
                CREATE TABLE sme_contacts (
                    sme_id   TEXT    NOT NULL REFERENCES smes (id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    record   BLOB    NOT NULL,
                    PRIMARY KEY (sme_id, position)
                ) WITHOUT ROWID;

                -- Free text over legal name and description; rowid = smes.rowid.
                CREATE VIRTUAL TABLE sme_text USING fts5 (legal_name, description, tokenize = 'unicode61 remove_diacritics 2');

                CREATE TABLE postings (
                    id       TEXT    NOT NULL PRIMARY KEY,
                    side     TEXT    NOT NULL CHECK (side IN ('need', 'offer')),
                    sme_id   TEXT    NOT NULL REFERENCES smes (id) ON DELETE CASCADE,
                    region   TEXT    NOT NULL,
                    status   TEXT    NOT NULL,
                    s3_index TEXT    NOT NULL,
                    version  INTEGER NOT NULL,
                    record   BLOB    NOT NULL
                );
                CREATE INDEX postings_by_sme ON postings (sme_id, side, id);
                CREATE INDEX postings_by_side ON postings (side, id);

                CREATE TABLE surveys (
                    id           TEXT NOT NULL PRIMARY KEY,
                    sme_id       TEXT NOT NULL REFERENCES smes (id) ON DELETE CASCADE,
                    region       TEXT NOT NULL,
                    conducted_on TEXT NOT NULL,
                    record       BLOB NOT NULL
                );
                CREATE INDEX surveys_by_sme ON surveys (sme_id, conducted_on);
                """)
        }
        return migrator
    }
}
