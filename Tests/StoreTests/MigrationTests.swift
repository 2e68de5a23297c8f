import Foundation
import GRDB
import Testing
@testable import TIBSStore
import TIBSTestSupport

@Suite("Opening and migrating")
struct MigrationTests {
    @Test("opening an empty file applies the store's migrations, then the service's, in order")
    func migratesFromEmpty() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            #expect(try await store.appliedMigrations() == ["store.v1", "store.v2", "sample.v1", "sample.v2", "sample.v3"])
            let tables = try await store.read { db in
                try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            #expect(tables.isSuperset(of: ["change_feed", "idempotency_keys", "audit_log", "item", "tag"]))
            #expect(store.latestSequence() == 0)
        }
    }

    @Test("upgrading from an earlier service version keeps the data and applies the rest", arguments: [1, 2])
    func migratesFromEarlierVersion(_ startVersion: Int) async throws {
        try await withTempDirectory { dir in
            let old = try openSampleStore(in: dir, version: startVersion)
            #expect(try await old.appliedMigrations().last == "sample.v\(startVersion)")
            try await old.write { db in try insertItem(db, old, id: "sme-1") }
            try old.close()

            let store = try openSampleStore(in: dir, version: 3)
            defer { try? store.close() }
            #expect(try await store.appliedMigrations() == ["store.v1", "store.v2", "sample.v1", "sample.v2", "sample.v3"])
            let rows = try await store.read { db in
                try Row.fetchAll(db, sql: "SELECT id, name, note FROM item").map { row -> [String] in
                    [row["id"], row["name"], row["note"]]
                }
            }
            #expect(rows == [["sme-1", "name of sme-1", ""]])
            #expect(try await store.read { db in try db.tableExists("tag") })
            #expect(store.latestSequence() == 1)
            #expect(try await store.readChanges(after: 0, limit: 10).map(\.entityID) == ["sme-1"])
        }
    }

    @Test("every pool connection runs WAL, synchronous FULL, foreign keys and a 5 s busy timeout")
    func pragmasOnEveryConnection() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            let pragmas: @Sendable (Database) throws -> [String] = { db in
                [
                    try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                    try String.fetchOne(db, sql: "PRAGMA synchronous") ?? "",
                    try String.fetchOne(db, sql: "PRAGMA foreign_keys") ?? "",
                    try String.fetchOne(db, sql: "PRAGMA busy_timeout") ?? "",
                ]
            }
            let expected = ["wal", "2", "1", "5000"]  // synchronous 2 == FULL
            let writer = try await store.write(pragmas)
            #expect(writer == expected)
            // Four reads held open together: each needs a reader connection of its own, so the
            // pragmas are read on four distinct connections (a count, not a hope about timing).
            let together = Barrier(parties: 4)
            let readerResults = try await withThrowingTaskGroup(of: (String, [String]).self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await store.read { db in
                            together.arriveAndWait()
                            return (db.description, try pragmas(db))
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(readerResults.map(\.0)).count == 4, "\(readerResults.map(\.0))")
            #expect(readerResults.map(\.1) == Array(repeating: expected, count: 4))
        }
    }

    @Test("a foreign key violation is refused")
    func foreignKeysEnforced() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            await #expect(throws: DatabaseError.self) {
                try await store.write { db in
                    try db.execute(sql: "INSERT INTO tag (item_id, tag) VALUES ('missing', 'x')")
                }
            }
            #expect(try await store.read { db in try count(db, "tag") } == 0)
        }
    }

    @Test("a service migrator that erases on schema change is refused")
    func erasingMigratorRefused() async throws {
        try await withTempDirectory { dir in
            var migrator = sampleMigrator()
            migrator.eraseDatabaseOnSchemaChange = true
            #expect(throws: StoreError.self) {
                try ServiceStore.open(path: dir + "/x.sqlite", migrations: migrator)
            }
        }
    }

    @Test("a service migration using the reserved store. prefix is refused")
    func reservedPrefixRefused() async throws {
        try await withTempDirectory { dir in
            var migrator = DatabaseMigrator()
            migrator.registerMigration("store.v9") { _ in }
            #expect(throws: StoreError.self) {
                try ServiceStore.open(path: dir + "/x.sqlite", migrations: migrator)
            }
        }
    }
}
