import GRDB
import TIBSServiceKit

/// The replica's tables (`replica.v1`): every followed record as its upstream's protobuf bytes
/// (`record`, what the index is rebuilt from) plus the columns listings and checks filter on,
/// keyed by (upstream, id) so ids of different upstreams never collide; and the followers'
/// cursors (``FollowerSchema``), written in the same transaction as the rows they cover.
/// Never edit a shipped migration: add `replica.v2`.
public enum ReplicaMigrations {
    public static let replicaV1 = "replica.v1"

    public static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(replicaV1) { db in
            // stage: the registry's InternationalisationStage number; size_class: its SizeClass number.
            // nace, s3: the codes joined by ','. status: the registry's ItemStatus / the catalogue's ReviewStatus number.
            try db.execute(sql: """
                CREATE TABLE replica_smes (
                    upstream        TEXT    NOT NULL,
                    id              TEXT    NOT NULL,
                    legal_name      TEXT    NOT NULL,
                    registration_id TEXT    NOT NULL,
                    country         TEXT    NOT NULL,
                    nuts            TEXT    NOT NULL,
                    nace            TEXT    NOT NULL,
                    s3              TEXT    NOT NULL,
                    stage           INTEGER NOT NULL,
                    size_class      INTEGER NOT NULL,
                    website         TEXT    NOT NULL,
                    erased          INTEGER NOT NULL,
                    record          BLOB    NOT NULL,
                    PRIMARY KEY (upstream, id)
                ) WITHOUT ROWID;
                CREATE INDEX replica_smes_registration ON replica_smes (country, registration_id);
                CREATE TABLE replica_needs (
                    upstream TEXT    NOT NULL,
                    id       TEXT    NOT NULL,
                    sme_id   TEXT    NOT NULL,
                    status   INTEGER NOT NULL,
                    record   BLOB    NOT NULL,
                    PRIMARY KEY (upstream, id)
                ) WITHOUT ROWID;
                CREATE TABLE replica_offers (
                    upstream TEXT    NOT NULL,
                    id       TEXT    NOT NULL,
                    sme_id   TEXT    NOT NULL,
                    status   INTEGER NOT NULL,
                    record   BLOB    NOT NULL,
                    PRIMARY KEY (upstream, id)
                ) WITHOUT ROWID;
                CREATE TABLE replica_brokers (
                    upstream TEXT NOT NULL,
                    id       TEXT NOT NULL,
                    subject  TEXT NOT NULL,
                    regions  TEXT NOT NULL,
                    record   BLOB NOT NULL,
                    PRIMARY KEY (upstream, id)
                ) WITHOUT ROWID;
                CREATE TABLE replica_providers (
                    upstream TEXT NOT NULL,
                    id       TEXT NOT NULL,
                    name     TEXT NOT NULL,
                    country  TEXT NOT NULL,
                    nuts     TEXT NOT NULL,
                    record   BLOB NOT NULL,
                    PRIMARY KEY (upstream, id)
                ) WITHOUT ROWID;
                CREATE TABLE replica_resources (
                    upstream    TEXT    NOT NULL,
                    id          TEXT    NOT NULL,
                    provider_id TEXT    NOT NULL,
                    kind        INTEGER NOT NULL,
                    status      INTEGER NOT NULL,
                    record      BLOB    NOT NULL,
                    PRIMARY KEY (upstream, id)
                ) WITHOUT ROWID;
                CREATE TABLE replica_strategies (
                    upstream   TEXT    NOT NULL,
                    id         TEXT    NOT NULL,
                    region     TEXT    NOT NULL,
                    valid_from TEXT    NOT NULL,
                    valid_to   TEXT    NOT NULL,
                    set_order  INTEGER NOT NULL,
                    record     BLOB    NOT NULL,
                    PRIMARY KEY (upstream, id)
                ) WITHOUT ROWID;
                """)
        }
        FollowerSchema.register(&migrator)
    }
}
