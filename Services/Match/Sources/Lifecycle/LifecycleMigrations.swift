import GRDB

/// The lifecycle's schema (`match.v1`): each match as its `Match` proto `record` plus the columns
/// listings, deadlines and the flows report filter on (days as day numbers). At most one open
/// match per (need, candidate) is kept by a partial unique index. Never edit a shipped migration.
public enum LifecycleMigrations {
    public static let v1 = "match.v1"

    public static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(v1) { db in
            try db.execute(sql: """
                CREATE TABLE matches (
                    id                TEXT    NOT NULL PRIMARY KEY,
                    need_id           TEXT    NOT NULL,
                    sme_id            TEXT    NOT NULL,
                    candidate_id      TEXT    NOT NULL,
                    need_nuts         TEXT    NOT NULL,
                    need_country      TEXT    NOT NULL,
                    candidate_nuts    TEXT    NOT NULL,
                    candidate_country TEXT    NOT NULL,
                    state             INTEGER NOT NULL,
                    final             INTEGER NOT NULL,
                    awaiting_nuts     TEXT,             -- NULL once final
                    respond_day       INTEGER,          -- day number; NULL once final
                    proposed_day      INTEGER NOT NULL,
                    proposed_by       TEXT    NOT NULL,
                    reached           INTEGER NOT NULL, -- bit (1 << state) for every state reached
                    version           INTEGER NOT NULL,
                    owner_teaser      TEXT    NOT NULL,
                    record            BLOB    NOT NULL
                );
                CREATE UNIQUE INDEX matches_open_pair ON matches (need_id, candidate_id) WHERE final = 0;
                CREATE INDEX matches_by_need ON matches (need_id, id);
                CREATE INDEX matches_by_sme ON matches (sme_id, id);
                CREATE INDEX matches_by_deadline ON matches (respond_day) WHERE final = 0;
                CREATE INDEX matches_by_day ON matches (proposed_day);

                CREATE TABLE match_follow_ups (
                    match_id TEXT    NOT NULL REFERENCES matches (id),
                    months   INTEGER NOT NULL,
                    due_day  INTEGER NOT NULL,
                    done     INTEGER NOT NULL,
                    PRIMARY KEY (match_id, months)
                ) WITHOUT ROWID;
                CREATE INDEX follow_ups_open ON match_follow_ups (due_day) WHERE done = 0;
                """)
        }
    }
}
