import Foundation
import GRDB
import Testing
@testable import TIBSStore
import TIBSTestSupport

@Suite("Feed epoch and the store's lock")
struct FeedEpochTests {
    @Test("a new store gets a random epoch that survives reopening")
    func epochSurvivesReopen() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            let epoch = store.feedEpoch
            #expect(epoch.count == 32)
            #expect(epoch.allSatisfy { $0.isHexDigit })
            try store.close()
            let reopened = try openSampleStore(in: dir)
            defer { try? reopened.close() }
            #expect(reopened.feedEpoch == epoch)
            let other = try openSampleStore(in: dir, file: "other.sqlite")
            defer { try? other.close() }
            #expect(other.feedEpoch != epoch)
        }
    }

    @Test("a backup keeps the epoch; a restore gives the restored database a new one")
    func restoreChangesEpoch() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            try await store.write { db in try insertItem(db, store, id: "sme-1") }
            let epoch = store.feedEpoch
            try await store.backup(to: dir + "/backup.sqlite")
            try store.close()
            let backup = try ServiceStore.inspectBackup(at: dir + "/backup.sqlite")
            #expect(backup.feedEpoch == epoch)
            #expect(backup.latestSequence == 1)
            #expect(backup.migrations.contains("sample.v1"))

            let restored = try await ServiceStore.restore(from: dir + "/backup.sqlite", to: dir + "/sample.sqlite")
            #expect(restored.feedEpoch != epoch)
            #expect(restored.latestSequence == 1)
            // Nothing of the restore's working copy is left beside the database.
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".restoring") }
            #expect(leftovers.isEmpty, "\(leftovers)")
            let reopened = try openSampleStore(in: dir)
            defer { try? reopened.close() }
            #expect(reopened.feedEpoch == restored.feedEpoch)
            // The backup file itself keeps the old epoch: restoring it twice gives two epochs.
            #expect(try ServiceStore.inspectBackup(at: dir + "/backup.sqlite").feedEpoch == epoch)
        }
    }

    @Test("a restore refuses while a store has the database open, and changes nothing")
    func restoreRefusesOpenDatabase() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            try await store.write { db in try insertItem(db, store, id: "sme-1") }
            try await store.backup(to: dir + "/backup.sqlite")
            try await store.write { db in try insertItem(db, store, id: "sme-2") }
            await #expect(throws: StoreError.inUse(path: dir + "/sample.sqlite")) {
                try await ServiceStore.restore(from: dir + "/backup.sqlite", to: dir + "/sample.sqlite")
            }
            #expect(store.latestSequence() == 2)
            #expect(try await store.read { db in try itemExists(db, "sme-2") })
            try store.close()
            // Closed: the lock is released and the restore runs.
            try await ServiceStore.restore(from: dir + "/backup.sqlite", to: dir + "/sample.sqlite")
            let restored = try openSampleStore(in: dir)
            defer { try? restored.close() }
            #expect(restored.latestSequence() == 1)
        }
    }

    @Test("a store refuses to open while a restore holds the lock")
    func openRefusedDuringRestore() async throws {
        try await withTempDirectory { dir in
            let lock = try StoreLock.exclusive(database: dir + "/sample.sqlite")
            #expect(throws: StoreError.self) { try openSampleStore(in: dir) }
            lock.release()
            let store = try openSampleStore(in: dir)
            try store.close()
        }
    }

    @Test("a file that is not a store backup is refused with DATA_LOSS")
    func inspectRefusesGarbage() async throws {
        try await withTempDirectory { dir in
            let path = dir + "/garbage.sqlite"
            try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
            #expect(throws: StoreError.self) { try ServiceStore.inspectBackup(at: path) }
            let empty = dir + "/plain.sqlite"
            let queue = try DatabaseQueue(path: empty)
            try await queue.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
            try queue.close()
            #expect(throws: StoreError.dataLoss("\(empty) is not a TIBS store (no change_feed)")) { try ServiceStore.inspectBackup(at: empty) }
        }
    }
}
