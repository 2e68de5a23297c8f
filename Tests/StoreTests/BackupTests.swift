import Foundation
import GRDB
import Testing
@testable import TIBSStore
import TIBSTestSupport

@Suite("Backup and restore")
struct BackupTests {
    @Test("a backup opens as a plain SQLite database and as a store, and holds the data")
    func backupHoldsData() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            for index in 1...3 {
                try await store.write { db in try insertItem(db, store, id: "sme-\(index)") }
            }
            let backupPath = dir + "/backup.sqlite"
            try await store.backup(to: backupPath)
            #expect(!FileManager.default.fileExists(atPath: backupPath + ".partial"))

            let plain = try DatabaseQueue(path: backupPath)
            let (items, records, check) = try await plain.read { db in
                (try count(db, "item"), try count(db, "change_feed"),
                 try String.fetchOne(db, sql: "PRAGMA integrity_check"))
            }
            #expect(items == 3)
            #expect(records == 3)
            #expect(check == "ok")
            try plain.close()

            let reopened = try openSampleStore(in: dir, file: "backup.sqlite")
            defer { try? reopened.close() }
            #expect(reopened.latestSequence() == 3)
            #expect(try await reopened.read { db in try itemExists(db, "sme-2") })
        }
    }

    @Test("a backup never overwrites an existing file")
    func backupRefusesExistingFile() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            let backupPath = dir + "/backup.sqlite"
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: backupPath))
            await #expect(throws: StoreError.backupTargetExists(path: backupPath)) {
                try await store.backup(to: backupPath)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: backupPath)) == Data("keep me".utf8))
        }
    }

    @Test("a backup taken during writes is a consistent snapshot")
    func backupDuringWritesIsConsistent() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            let backupPath = dir + "/backup.sqlite"
            for index in 0..<100 {
                try await store.groupWrite { db in try insertItem(db, store, id: "sme-\(index)") }
            }
            // A write transaction holds 10 more rows, uncommitted, for as long as the backup
            // runs, and commits after it; 90 group writes queue behind it meanwhile.
            let writing = Gate(), backedUp = Gate()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await store.write { db in
                        for index in 100..<110 { try insertItem(db, store, id: "sme-\(index)") }
                        writing.open()
                        backedUp.wait()
                    }
                }
                group.addTask {
                    try await writing.opened()
                    for index in 110..<200 {
                        try await store.groupWrite { db in try insertItem(db, store, id: "sme-\(index)") }
                    }
                }
                group.addTask {
                    try await writing.opened()
                    defer { backedUp.open() }
                    try await store.backup(to: backupPath)
                }
                try await group.waitForAll()
            }
            let plain = try DatabaseQueue(path: backupPath)
            defer { try? plain.close() }
            let (items, sequences) = try await plain.read { db in
                (try count(db, "item"),
                 try Int64.fetchAll(db, sql: "SELECT sequence FROM change_feed ORDER BY sequence"))
            }
            // Every item has its feed record and the feed has no holes: a committed prefix,
            // exactly what had committed when the backup ran (not the open transaction's rows).
            #expect(sequences.count == items)
            #expect(sequences == Array(0..<Int64(items)).map { $0 + 1 })
            #expect(items == 100)
            #expect(try await store.read { db in try count(db, "item") } == 200)
        }
    }

    @Test("restore replaces the target with the backup's data, and the feed continues from there")
    func restoreReplacesTarget() async throws {
        try await withTempDirectory { dir in
            let backupPath = dir + "/backup.sqlite"
            let store = try openSampleStore(in: dir)
            for index in 1...3 {
                try await store.write { db in try insertItem(db, store, id: "sme-\(index)") }
            }
            try await store.backup(to: backupPath)
            for index in 4...5 {
                try await store.write { db in try insertItem(db, store, id: "sme-\(index)") }
            }
            try store.close()

            try await ServiceStore.restore(from: backupPath, to: dir + "/sample.sqlite")

            let restored = try openSampleStore(in: dir)
            defer { try? restored.close() }
            #expect(restored.latestSequence() == 3)
            let items = try await restored.read { db in try String.fetchSet(db, sql: "SELECT id FROM item") }
            #expect(items == ["sme-1", "sme-2", "sme-3"])
            #expect(try await restored.write { db in try insertItem(db, restored, id: "sme-6") } == 4)
            // The backup file itself is untouched and still usable.
            let backup = try DatabaseQueue(path: backupPath)
            defer { try? backup.close() }
            #expect(try await backup.read { db in try count(db, "item") } == 3)
        }
    }

    @Test("restoring from a missing backup fails and leaves the target alone")
    func restoreFromMissingBackup() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            try await store.write { db in try insertItem(db, store, id: "sme-1") }
            try store.close()
            await #expect(throws: StoreError.self) {
                try await ServiceStore.restore(from: dir + "/nope.sqlite", to: dir + "/sample.sqlite")
            }
            let reopened = try openSampleStore(in: dir)
            defer { try? reopened.close() }
            #expect(try await reopened.read { db in try itemExists(db, "sme-1") })
        }
    }
}
