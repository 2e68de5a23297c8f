import BenchmarkHarness
import Foundation
import GRDB
import Logging
import TIBSDomain
import TIBSRegistry
import TIBSStore

/// Raw SQLite, no RPC, no validation: the rows a CreateSme writes (SME, free-text row,
/// contact, feed record, audit record), prepared before the clock starts, inserted with
/// the registry's schema and pragmas (WAL, synchronous=FULL) — one transaction per row
/// (the floor: an fsync each) and all in one transaction (the ceiling).
struct RawSQLiteCase {
    struct Row: Sendable {
        let id: String, country: String, key: String, region: String, sizeClass: String
        let naceIndex: String, s3Index: String, record: Data, name: String, description: String
        let contact: Data, payload: Data
    }

    let directory: URL
    let logger: Logger

    static func rows(_ count: Int, prefix: String) throws -> [Row] {
        let rules = RegistryRules()
        let ids = UUIDv7Generator()
        let codec = RegistryRoutes.codec
        return try (0..<count).map { index in
            let profile = try rules.validate(Rows.profile(index, prefix: prefix))
            let sme = SME(id: ids.next(), profile: profile, sizeClass: rules.sizeClass(profile.figures), version: 1,
                          createdAt: Date(), updatedAt: Date())
            // The registry stores the feed payload as the record, so one encoding serves both.
            let record = try codec.encode(SMEView.feed(sme))
            let naceIndex = "," + profile.naceCodes.map { code in
                (rules.codes.nace.section(of: code.code, version: code.version)?.code ?? "_") + code.code.replacingOccurrences(of: ".", with: "") + ","
            }.joined()
            return Row(id: sme.id, country: profile.region.country, key: profile.registrationKey, region: profile.region.nutsCode,
                       sizeClass: sme.sizeClass.rawValue, naceIndex: naceIndex, s3Index: "," + profile.s3Areas.map { $0.code + "," }.joined(),
                       record: record, name: profile.legalName, description: profile.description,
                       contact: try codec.encode(profile.contacts[0]), payload: record)
        }
    }

    static func insert(_ db: Database, _ row: Row, at millis: Int64) throws {
        try db.cachedStatement(sql: """
            INSERT INTO smes (id, country, registration_key, region, size_class, stage, stage_on, broker_id, nace_index, s3_index, version, record)
            VALUES (?, ?, ?, ?, ?, '', '', '', ?, ?, 1, ?)
            """).execute(arguments: [row.id, row.country, row.key, row.region, row.sizeClass, row.naceIndex, row.s3Index, row.record])
        try db.cachedStatement(sql: "INSERT INTO sme_text (rowid, legal_name, description) VALUES (?, ?, ?)")
            .execute(arguments: [db.lastInsertedRowID, row.name, row.description])
        try db.cachedStatement(sql: "INSERT INTO sme_contacts (sme_id, position, record) VALUES (?, 0, ?)").execute(arguments: [row.id, row.contact])
        try db.cachedStatement(sql: """
            INSERT INTO change_feed (entity_type, entity_id, kind, committed_at, actor, request_id, payload_type, payload)
            VALUES ('sme', ?, 'created', ?, 'bench', ?, 'tibs.registry.v1.Sme', ?)
            """).execute(arguments: [row.id, millis, row.id, row.payload])
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (at, actor, role, method, entity_type, entity_id, request_id, outcome)
            VALUES (?, 'bench', 'admin', '/tibs.registry.v1.SmeRegistry/CreateSme', 'sme', ?, ?, 'OK')
            """).execute(arguments: [millis, row.id, row.id])
    }

    /// Rows per second, inserting `rows` into a fresh database, `perRow` transactions or one.
    func run(_ rows: [Row], oneTransactionPerRow perRow: Bool, name: String) throws -> Double {
        let path = directory.appendingPathComponent("\(name).sqlite").path
        let store = try ServiceStore.open(path: path, migrations: RegistryMigrations.migrator, secureDelete: true, logger: logger)
        defer { try? store.close() }
        return try rawInsertRate(store, rows, oneTransactionPerRow: perRow) { db, row, millis in try Self.insert(db, row, at: millis) }
    }
}
