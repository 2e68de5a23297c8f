import Crypto
import Foundation
import Logging
import NIOConcurrencyHelpers
import TIBSProto
import TIBSRPC
import TIBSStore

/// `tibs.admin.v1.Admin`, built into every service by ``ServiceRunner/router(_:store:logger:)``
/// (no per-service code): operations for administrators only.
public enum AdminService {
    public static let backupPath = BuiltinServices.adminBackupPath
    /// Bytes per streamed chunk: far below the frame limit, small enough to keep one call's
    /// buffered bytes low (each `send` waits for the socket, so a slow reader slows the copy
    /// reads instead of growing memory).
    public static let chunkBytes = 256 * 1024

    /// Adds Backup (role admin) to `router`; `chunkBytes` other than ``chunkBytes`` and a `slot`
    /// of the caller's only in tests.
    public static func install(into router: inout RPCRouter, store: ServiceStore, chunkBytes: Int = chunkBytes,
                               slot: BackupSlot = BackupSlot()) {
        let chunk = min(max(chunkBytes, 1), Self.chunkBytes)
        router.serverStreaming(backupPath, access: .admins) { (_: Tibs_Admin_V1_BackupRequest, writer: ResponseWriter<Tibs_Admin_V1_BackupChunk>, context) in
            // Each backup holds a whole copy on the data folder's disk: one at a time.
            guard slot.claim() else {
                throw RPCError(.resourceExhausted, "a backup of this service is already running; try again when it has ended")
            }
            defer { slot.release() }
            try await streamBackup(of: store, to: writer, chunkBytes: chunk, logger: context.logger)
        }
    }

    /// Takes an online snapshot into a temporary file in the data folder (same disk, so no other
    /// file system fills; 0600 like the database), streams it and removes it, whatever happens.
    static func streamBackup(of store: ServiceStore, to writer: ResponseWriter<Tibs_Admin_V1_BackupChunk>, chunkBytes: Int,
                             logger: Logger) async throws {
        let database = URL(fileURLWithPath: store.path)
        let snapshot = database.deletingLastPathComponent()
            .appendingPathComponent(".\(database.lastPathComponent).backup-\(UUID().uuidString.lowercased())").path
        defer {
            for suffix in ["", ".partial", "-wal", "-shm", "-journal", ".partial-wal", ".partial-shm", ".partial-journal"] {
                try? FileManager.default.removeItem(atPath: snapshot + suffix)
            }
        }
        try await store.backup(to: snapshot)
        let facts = try ServiceStore.inspectBackup(at: snapshot)
        guard let file = FileHandle(forReadingAtPath: snapshot) else {
            throw RPCError(.internal, "the backup snapshot cannot be read")
        }
        defer { try? file.close() }
        var hash = SHA256()
        var size: UInt64 = 0
        while true {
            try Task.checkCancellation()
            guard let data = try file.read(upToCount: chunkBytes), !data.isEmpty else { break }
            hash.update(data: data)
            size += UInt64(data.count)
            try await writer.send(.with { $0.data = data })
        }
        let sha256 = hash.finalize().map { String(format: "%02x", $0) }.joined()
        try await writer.send(.with {
            $0.summary = .with {
                $0.sizeBytes = size
                $0.sha256 = sha256
                $0.latestSequence = UInt64(max(0, facts.latestSequence))
                $0.feedEpoch = facts.feedEpoch
                $0.databaseFile = database.lastPathComponent
            }
        })
        logger.notice("backup streamed", metadata: [
            "bytes": "\(size)", "sha256": "\(sha256)", "latest_sequence": "\(facts.latestSequence)", "feed_epoch": "\(facts.feedEpoch)",
        ])
    }
}

/// Whether a backup is running: the one a service allows at a time.
public final class BackupSlot: Sendable {
    private let taken = NIOLockedValueBox(false)

    public init() {}

    /// Takes the slot; false when it is taken already.
    public func claim() -> Bool {
        taken.withLockedValue { taken in
            guard !taken else { return false }
            taken = true
            return true
        }
    }

    public func release() { taken.withLockedValue { $0 = false } }
}
