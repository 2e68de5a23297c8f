import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ServiceStore {
    /// Copies the live database into a new file at `path` with SQLite's online backup API:
    /// a consistent snapshot of committed data, taken while the service keeps serving
    /// (writes proceed; the copy reads from a snapshot).
    ///
    /// The copy is written to `path.partial`, checked with `PRAGMA quick_check`, synced,
    /// then renamed, so `path` never names a half-written file.
    /// - Throws: ``StoreError/backupTargetExists(path:)`` if `path` exists;
    ///   ``StoreError/dataLoss(_:)`` if the copy fails its check.
    public func backup(to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError.backupTargetExists(path: path)
        }
        let partial = path + ".partial"
        try await BackupFiles.copy(from: pool, toFreshFile: partial)
        try BackupFiles.replace(path, with: partial)
        logger.info("backup written", metadata: ["path": "\(path)", "latest_sequence": "\(latestSequence())"])
    }

    /// Replaces the database at `targetPath` with the content of the backup at `backupPath`,
    /// under a new feed epoch (``FeedEpoch``): the restored feed hands out again the sequences
    /// that followed the backup, so followers must see that it is another history and resync.
    ///
    /// Only while the service owning `targetPath` is stopped: the restore holds the database's
    /// lock exclusively (``StoreLock``) and refuses while any store has it open.
    /// The backup is copied into a fresh file beside the target and checked, the target's
    /// stale `-wal`/`-shm` files are removed (a leftover WAL would be replayed onto the
    /// restored file and corrupt it), and the copy is renamed over the target.
    /// The backup file itself is only read.
    /// - Returns: what the restored database holds, with its new epoch.
    /// - Throws: ``StoreError/inUse(path:)`` while the database is open;
    ///   ``StoreError/notFound(entityType:entityID:)`` without a backup file;
    ///   ``StoreError/dataLoss(_:)`` if the copy fails its check.
    @discardableResult
    public static func restore(from backupPath: String, to targetPath: String) async throws -> BackupFacts {
        guard FileManager.default.fileExists(atPath: backupPath) else {
            throw StoreError.notFound(entityType: "backup", entityID: backupPath)
        }
        let lock = try StoreLock.exclusive(database: targetPath)
        defer { lock.release() }
        let sourceLeftovers = BackupFiles.ReadOnlyLeftovers(backupPath)
        defer { sourceLeftovers.remove() }
        let source = try DatabaseQueue(path: backupPath, configuration: configuration(readonly: true))
        let restoring = targetPath + ".restoring"
        let epoch = FeedEpoch.random()
        do {
            // A backup from before store.v2 has no epoch table: its first open migrates one in.
            try await BackupFiles.copy(from: source, toFreshFile: restoring) { db in
                if try FeedEpoch.read(db) != nil { try FeedEpoch.write(db, epoch) }
            }
            try source.close()
        } catch {
            try? source.close()
            throw error
        }
        let facts = try inspectBackup(at: restoring)
        // The copy was closed by its only writer: a WAL of its own still holding frames would be lost below.
        if let size = try? FileManager.default.attributesOfItem(atPath: restoring + "-wal")[.size] as? NSNumber, size.intValue > 0 {
            throw StoreError.dataLoss("the restored copy \(restoring) kept a non-empty WAL; the target was not changed")
        }
        for suffix in ["-wal", "-shm", "-journal"] {
            try BackupFiles.removeIfPresent(restoring + suffix)
            try BackupFiles.removeIfPresent(targetPath + suffix)
        }
        try BackupFiles.replace(targetPath, with: restoring)
        return facts
    }

    /// Checks a backup file (`PRAGMA quick_check`, read-only) and reads what it holds.
    /// - Throws: ``StoreError/dataLoss(_:)`` if it is not a sound SQLite database of a store.
    public static func inspectBackup(at path: String) throws -> BackupFacts {
        let leftovers = BackupFiles.ReadOnlyLeftovers(path)
        defer { leftovers.remove() }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration(readonly: true))
        } catch {
            throw StoreError.dataLoss("\(path) is not a readable SQLite database: \(error)")
        }
        defer { try? queue.close() }
        do {
            return try queue.read { db in
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard check == ["ok"] else { throw StoreError.dataLoss("\(path) failed quick_check: \(check.prefix(5))") }
                guard try db.tableExists("change_feed") else { throw StoreError.dataLoss("\(path) is not a TIBS store (no change_feed)") }
                return BackupFacts(latestSequence: try ChangeFeed().latestSequence(db), feedEpoch: try FeedEpoch.read(db) ?? "",
                                   migrations: try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"))
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.dataLoss("\(path) cannot be read as a SQLite database: \(error)")
        }
    }
}

/// What a backup (or a restored database) holds.
public struct BackupFacts: Sendable, Equatable {
    /// The highest change-feed sequence in it (0: empty feed).
    public var latestSequence: Int64
    /// Its feed epoch; empty for a database from before epochs.
    public var feedEpoch: String
    /// Its applied migrations ("store.v1", "registry.v1", …): whose database it is.
    public var migrations: [String]
}

/// File steps shared by backup and restore.
enum BackupFiles {
    /// A read-only connection to a WAL-mode file creates its `-wal` and `-shm` and cannot remove
    /// them when it closes: noted before opening, removed after closing when the WAL is empty (it
    /// wrote nothing), so checking or restoring a backup leaves nothing beside it.
    struct ReadOnlyLeftovers {
        let path: String
        let existed: Bool

        init(_ path: String) {
            self.path = path
            existed = ["-wal", "-shm"].contains { FileManager.default.fileExists(atPath: path + $0) }
        }

        func remove() {
            guard !existed else { return }
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue ?? 0
            guard wal == 0 else { return }
            for suffix in ["-wal", "-shm"] { try? BackupFiles.removeIfPresent(path + suffix) }
        }
    }

    /// Backs `source` up into a new file at `path` (any leftover there is discarded first),
    /// verifies it and closes it.
    /// `adjust` runs on the copy after the backup, before the check (restore's new epoch).
    static func copy(from source: any DatabaseReader, toFreshFile path: String,
                     adjust: @escaping @Sendable (Database) throws -> Void = { _ in }) async throws {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try removeIfPresent(path + suffix)
        }
        var config = Configuration()
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try PrivateFiles.prepare(path)  // a backup holds the same personal data: 0600 as well
        let destination = try DatabaseQueue(path: path, configuration: config)
        do {
            // Runs on GRDB's queues, not the cooperative pool: a large copy blocks no task.
            try await destination.writeWithoutTransaction { destinationDB in
                try source.read { sourceDB in try sourceDB.backup(to: destinationDB) }
                try adjust(destinationDB)
            }
            let check = try await destination.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            guard check == ["ok"] else {
                throw StoreError.dataLoss("copy of database failed quick_check: \(check.prefix(5))")
            }
            try destination.close()
        } catch {
            try? destination.close()
            for suffix in ["", "-wal", "-shm", "-journal"] { try? removeIfPresent(path + suffix) }
            throw error
        }
    }

    /// Atomically renames `source` to `target` (replacing it) and syncs the directory so the
    /// rename itself survives a crash.
    static func replace(_ target: String, with source: String) throws {
        guard rename(source, target) == 0 else {
            throw StoreError.unavailable("rename \(source) -> \(target) failed: errno \(errno)")
        }
        let directory = (target as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY)
        guard fd >= 0 else { return }
        defer { _ = close(fd) }
        _ = fsync(fd)
    }

    static func removeIfPresent(_ path: String) throws {
        if FileManager.default.fileExists(atPath: path) {
            try FileManager.default.removeItem(atPath: path)
        }
    }
}
