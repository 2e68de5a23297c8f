import GRDB

/// The policy service's schema. Entities are stored as a `record` — the protobuf message the feed
/// carries — plus the columns listings filter on; institution contact persons (personal data) live
/// in a table of their own so that erasure is one DELETE. The evidence tables hold the facts the
/// follower applies (``EvidenceLedger``) and the materialised counts GetBarrierReport sums.
/// Never edit a shipped migration: add `policy.v2`. The follower's own tables come in
/// `policy.survey.v1`, registered after this one.
public enum PolicyMigrations {
    public static let v1 = "policy.v1"

    /// The migrator with `policy.v1`; Evidence/ registers its migrations on it after this.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(v1) { db in
            try db.execute(sql: """
                CREATE TABLE institutions (
                    id        TEXT    NOT NULL PRIMARY KEY,
                    country   TEXT    NOT NULL,   -- '' at EU level
                    region    TEXT    NOT NULL,   -- '' unless regional
                    kind      INTEGER NOT NULL,
                    level     INTEGER NOT NULL,
                    version   INTEGER NOT NULL,
                    record    BLOB    NOT NULL
                );
                CREATE INDEX institutions_by_region ON institutions (region, id);

                -- Personal data: nowhere else. Erasure deletes these rows.
                CREATE TABLE institution_contacts (
                    institution_id TEXT    NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
                    position       INTEGER NOT NULL,
                    record         BLOB    NOT NULL,
                    PRIMARY KEY (institution_id, position)
                ) WITHOUT ROWID;

                -- Every version ever set; set_order breaks valid_from ties (the one set last wins).
                CREATE TABLE strategies (
                    id         TEXT    NOT NULL PRIMARY KEY,
                    region     TEXT    NOT NULL,
                    valid_from TEXT    NOT NULL,   -- YYYY-MM-DD
                    valid_to   TEXT    NOT NULL,   -- YYYY-MM-DD, '' when open-ended
                    set_order  INTEGER NOT NULL UNIQUE,
                    record     BLOB    NOT NULL
                );
                CREATE INDEX strategies_in_force ON strategies (region, valid_from, set_order);

                -- regions_index ",LV006,EE001,", barriers_index ",financing,"; raised_on YYYY-MM-DD (UTC).
                -- Its action counts are counted from actions when read.
                CREATE TABLE issues (
                    id             TEXT    NOT NULL PRIMARY KEY,
                    regions_index  TEXT    NOT NULL,
                    barriers_index TEXT    NOT NULL,
                    raised_on      TEXT    NOT NULL,
                    version        INTEGER NOT NULL,
                    record         BLOB    NOT NULL
                );
                CREATE INDEX issues_by_day ON issues (raised_on);

                -- Days as day numbers (days since 1970-01-01) so overdue is arithmetic in SQL;
                -- first_response_day NULL until a step after SUBMITTED.
                CREATE TABLE actions (
                    id                 TEXT    NOT NULL PRIMARY KEY,
                    issue_id           TEXT    NOT NULL REFERENCES issues (id),
                    institution_id     TEXT    NOT NULL REFERENCES institutions (id),
                    status             INTEGER NOT NULL,
                    final              INTEGER NOT NULL,
                    submitted_day      INTEGER NOT NULL,
                    first_response_day INTEGER,
                    version            INTEGER NOT NULL,
                    record             BLOB    NOT NULL
                );
                CREATE INDEX actions_by_issue ON actions (issue_id, id);
                CREATE INDEX actions_by_institution ON actions (institution_id, id);
                CREATE INDEX actions_open ON actions (submitted_day) WHERE final = 0;

                -- Evidence facts, per followed registry (upstream). s3_index ",ict,energy,", barriers ",a,b,".
                CREATE TABLE evidence_smes (
                    upstream   TEXT    NOT NULL,
                    id         TEXT    NOT NULL,
                    country    TEXT    NOT NULL,
                    region     TEXT    NOT NULL,
                    size_class INTEGER,
                    s3_index   TEXT    NOT NULL,
                    PRIMARY KEY (upstream, id)
                ) WITHOUT ROWID;

                CREATE TABLE evidence_surveys (
                    upstream     TEXT    NOT NULL,
                    id           TEXT    NOT NULL,
                    sme_id       TEXT    NOT NULL,
                    country      TEXT    NOT NULL,
                    region       TEXT    NOT NULL,
                    conducted_on TEXT    NOT NULL,   -- YYYY-MM-DD
                    month        TEXT    NOT NULL,   -- YYYY-MM
                    stage        INTEGER,
                    barriers     TEXT    NOT NULL,
                    PRIMARY KEY (upstream, id)
                ) WITHOUT ROWID;
                CREATE INDEX evidence_surveys_by_sme ON evidence_surveys (upstream, sme_id);
                CREATE INDEX evidence_surveys_by_month ON evidence_surveys (month);

                -- Materialised counts (BarrierCountKey): surveys (barrier '') and surveys naming each
                -- barrier, by area ('' everywhere, else a NUTS code of level 0..3), S3 ('*' or an area),
                -- size class and stage (0: unknown), month. Rows at 0 are deleted. GetBarrierReport's
                -- filters are equalities on the key's prefix, then a month range.
                CREATE TABLE evidence_counts (
                    area       TEXT    NOT NULL,
                    s3         TEXT    NOT NULL,
                    month      TEXT    NOT NULL,
                    size_class INTEGER NOT NULL,
                    stage      INTEGER NOT NULL,
                    barrier    TEXT    NOT NULL,
                    level      INTEGER NOT NULL,
                    n          INTEGER NOT NULL,
                    PRIMARY KEY (area, s3, month, size_class, stage, barrier)
                ) WITHOUT ROWID;
                CREATE INDEX evidence_counts_by_level ON evidence_counts (s3, level, area, month, size_class, stage, barrier, n);
                """)
        }
        return migrator
    }
}
