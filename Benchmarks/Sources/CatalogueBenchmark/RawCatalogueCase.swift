import BenchmarkHarness
import Foundation
import GRDB
import Logging
import TIBSCatalogue
import TIBSProto
@_spi(RawPool) import TIBSStore

/// Raw SQLite, no RPC, no validation: the rows a CreateResource writes (resource, free-text
/// row, contact, feed record, audit record), prepared before the clock starts, inserted with
/// the catalogue's schema and pragmas (WAL, synchronous=FULL) — one transaction per row (the
/// floor: an fsync each) and all in one transaction (the ceiling).
struct RawCatalogueCase {
    struct Row: Sendable {
        let id: String, title: String, description: String, keywords: String, s3Index: String
        let trlMin: Int, trlMax: Int, transnational: Int, record: Data, contact: Data
    }

    let directory: URL
    let logger: Logger
    static let providerID = "00000000-0000-7000-8000-000000000001"

    static func rows(_ count: Int, prefix: String) throws -> [Row] {
        try (0..<count).map { index in
            let fields = CatalogueRows.resource(index, prefix: prefix)
            let id = String(format: "00000000-0000-7000-8000-%012d", index + 2)
            // The catalogue stores the feed's message as the record, so one encoding serves both.
            let record: Data = try Tibs_Catalogue_V1_Resource.with {
                $0.id = id
                $0.providerID = providerID
                $0.fields = fields
                $0.fields.clearContact()
                $0.status = .draft
                $0.version = 1
            }.serializedBytes()
            return Row(id: id, title: fields.title, description: fields.description_p, keywords: fields.keywords.joined(separator: " "),
                       s3Index: "," + fields.s3Areas.map { $0.code + "," }.joined(), trlMin: Int(fields.trl.min), trlMax: Int(fields.trl.max),
                       transnational: fields.accessScope == .transnational ? 1 : 0, record: record, contact: try fields.contact.serializedBytes())
        }
    }

    static func insert(_ db: Database, _ row: Row, at millis: Int64) throws {
        try db.cachedStatement(sql: """
            INSERT INTO resources (id, provider_id, country, region, kind, status, runs_in_calls, transnational, s3_index, nace_index,
                                   languages, trl_min, trl_max, opens_on, closes_on, title_key, version, record)
            VALUES (?, ?, 'LV', 'LV008', 'technology', 'draft', 0, ?, ?, ',M7219,', ',en,', ?, ?, '2020-01-01', '2099-12-31', ?, 1, ?)
            """).execute(arguments: [row.id, providerID, row.transnational, row.s3Index, row.trlMin, row.trlMax, row.title.lowercased(), row.record])
        try db.cachedStatement(sql: "INSERT INTO resource_text (rowid, title, description, keywords) VALUES (?, ?, ?, ?)")
            .execute(arguments: [db.lastInsertedRowID, row.title, row.description, row.keywords])
        try db.cachedStatement(sql: "INSERT INTO resource_contacts (resource_id, record) VALUES (?, ?)").execute(arguments: [row.id, row.contact])
        try db.cachedStatement(sql: """
            INSERT INTO change_feed (entity_type, entity_id, kind, committed_at, actor, request_id, payload_type, payload)
            VALUES ('resource', ?, 'created', ?, 'bench', ?, 'tibs.catalogue.v1.Resource', ?)
            """).execute(arguments: [row.id, millis, row.id, row.record])
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (at, actor, role, method, entity_type, entity_id, request_id, outcome)
            VALUES (?, 'bench', 'admin', '/tibs.catalogue.v1.ResourceCatalogue/CreateResource', 'resource', ?, ?, 'OK')
            """).execute(arguments: [millis, row.id, row.id])
    }

    /// Rows per second, inserting `rows` into a fresh database, `perRow` transactions or one.
    func run(_ rows: [Row], oneTransactionPerRow perRow: Bool, name: String) throws -> Double {
        let path = directory.appendingPathComponent("\(name).sqlite").path
        let store = try ServiceStore.open(path: path, migrations: CatalogueMigrations.migrator, secureDelete: true, logger: logger)
        defer { try? store.close() }
        try store.pool.writeWithoutTransaction { db in
            try db.execute(sql: "INSERT INTO providers (id, country, region, kind, version, record) VALUES (?, 'LV', 'LV008', 'technology_centre', 1, x'')",
                           arguments: [Self.providerID])
        }
        return try rawInsertRate(store, rows, oneTransactionPerRow: perRow) { db, row, millis in try Self.insert(db, row, at: millis) }
    }
}
