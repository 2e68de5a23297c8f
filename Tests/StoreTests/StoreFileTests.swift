import Foundation
import GRDB
import Testing
@testable import TIBSStore
import TIBSTestSupport

/// The store's files hold personal data; its options cover what services used to reach into
/// the pool for.
@Suite("Store files and options")
struct StoreFileTests {
    private func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("the database, WAL, SHM and backup files are created 0600 whatever the umask")
    func filesArePrivate() async throws {
        try await withTempDirectory { dir in
            let previous = umask(0o022)  // the usual umask, under which SQLite creates 0644
            defer { umask(previous) }
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            try await store.write { db in _ = try insertItem(db, store, id: "sme-1") }
            let path = dir + "/sample.sqlite"
            for file in [path, path + "-wal", path + "-shm"] {
                #expect(FileManager.default.fileExists(atPath: file), "\(file)")
                #expect(try mode(file) == 0o600, "\(file)")
            }
            try await store.backup(to: dir + "/backup.sqlite")
            #expect(try mode(dir + "/backup.sqlite") == 0o600)
        }
    }

    @Test("files an older run left 0644 are tightened to 0600 when the store opens")
    func oldFilesAreTightened() async throws {
        try await withTempDirectory { dir in
            let path = dir + "/sample.sqlite"
            try openSampleStore(in: dir).close()
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            #expect(try mode(path) == 0o600)
        }
    }

    /// (Without the option the store keeps SQLite's compiled-in default, which may be on too.)
    @Test("a store opened with secureDelete has secure_delete on its writer")
    func secureDeleteIsAnOption() async throws {
        try await withTempDirectory { dir in
            let secure = try ServiceStore.open(path: dir + "/secure.sqlite", migrations: sampleMigrator(upTo: 3), secureDelete: true)
            defer { try? secure.close() }
            #expect(try await secure.write { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") } == 1)
        }
    }

    @Test("truncateWAL copies the WAL into the database and leaves it empty")
    func truncateWALEmptiesTheWAL() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            for index in 0..<20 { try await store.write { db in _ = try insertItem(db, store, id: "sme-\(index)") } }
            let wal = dir + "/sample.sqlite-wal"
            #expect(try #require(FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) > 0)
            try await store.truncateWAL()
            #expect(try #require(FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) == 0)
            #expect(try await store.read { db in try count(db, "item") } == 20)
        }
    }

    @Test("now is the store clock to the millisecond")
    func nowIsMilliseconds() async throws {
        try await withTempDirectory { dir in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_764_000_000.123_456))
            let store = try openSampleStore(in: dir, clock: clock)
            defer { try? store.close() }
            #expect(store.now == Date(timeIntervalSince1970: 1_764_000_000.123))
        }
    }
}
