import Foundation
import GRDB
import Synchronization
@testable import TIBSStore
import TIBSTestSupport

/// A fresh directory for one test's SQLite files, removed afterwards.
func withTempDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("tibs-store-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url.path)
}

enum TestError: Error, Equatable {
    case rejected(Int)
}

/// A small service schema in three versions, as a real service would grow it.
func sampleMigrator(upTo version: Int = 3) -> DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("sample.v1") { db in
        try db.execute(sql: "CREATE TABLE item (id TEXT PRIMARY KEY, name TEXT NOT NULL)")
    }
    if version >= 2 {
        migrator.registerMigration("sample.v2") { db in
            try db.execute(sql: "ALTER TABLE item ADD COLUMN note TEXT NOT NULL DEFAULT ''")
        }
    }
    if version >= 3 {
        migrator.registerMigration("sample.v3") { db in
            // Deferred so a test can make a COMMIT (not a statement) fail.
            try db.execute(sql: """
                CREATE TABLE tag (
                    item_id TEXT NOT NULL REFERENCES item (id) DEFERRABLE INITIALLY DEFERRED,
                    tag TEXT NOT NULL
                )
                """)
        }
    }
    return migrator
}

func openSampleStore(
    in directory: String, file: String = "sample.sqlite", version: Int = 3,
    maxBatch: Int = ServiceStore.defaultMaxBatch, clock: ManualClock = ManualClock(),
    idempotencyTTL: TimeInterval = Idempotency.defaultTTL
) throws -> ServiceStore {
    try ServiceStore.open(
        path: directory + "/" + file, migrations: sampleMigrator(upTo: version),
        idempotencyTTL: idempotencyTTL, maxBatch: maxBatch, clock: { clock.now() })
}

/// The mutation every test uses: one item row plus its feed record, in the caller's transaction.
@discardableResult
func insertItem(_ db: Database, _ store: ServiceStore, id: String, entityType: String = "item") throws -> Int64 {
    try db.execute(sql: "INSERT INTO item (id, name) VALUES (?, ?)", arguments: [id, "name of \(id)"])
    return try store.feed.append(
        db, entityType: entityType, entityID: id, kind: .created, actor: "broker-lv-1",
        requestID: "req-\(id)", payloadType: "tibs.test.Item", payload: Data(id.utf8))
}

func itemExists(_ db: Database, _ id: String) throws -> Bool {
    try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM item WHERE id = ?)", arguments: [id]) ?? false
}

func count(_ db: Database, _ table: String) throws -> Int {
    // Table names come from the tests themselves, never from input.
    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0
}

