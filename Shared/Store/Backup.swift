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

    /// Replaces the database at `targetPath` with the content of the backup at `backupPath`.
    ///
    /// Only while the service owning `targetPath` is stopped: nothing may have it open.
    /// The backup is copied into a fresh file beside the target and checked, the target's
    /// stale `-wal`/`-shm` files are removed (a leftover WAL would be replayed onto the
    /// restored file and corrupt it), and the copy is renamed over the target.
    /// The backup file itself is only read.
    public static func restore(from backupPath: String, to targetPath: String) async throws {
        guard FileManager.default.fileExists(atPath: backupPath) else {
            throw StoreError.notFound(entityType: "backup", entityID: backupPath)
        }
        let source = try DatabaseQueue(path: backupPath, configuration: configuration(readonly: true))
        let restoring = targetPath + ".restoring"
        do {
            try await BackupFiles.copy(from: source, toFreshFile: restoring)
            try source.close()
        } catch {
            try? source.close()
            throw error
        }
        for suffix in ["-wal", "-shm", "-journal"] {
            try BackupFiles.removeIfPresent(targetPath + suffix)
        }
        try BackupFiles.replace(targetPath, with: restoring)
    }
}

/// File steps shared by backup and restore.
enum BackupFiles {
    /// Backs `source` up into a new file at `path` (any leftover there is discarded first),
    /// verifies it and closes it.
    static func copy(from source: any DatabaseReader, toFreshFile path: String) async throws {
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
