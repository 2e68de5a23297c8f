import ArgumentParser
import Crypto
import Foundation
import TIBSProto
import TIBSRPC
import TIBSStore

/// `tibsctl backup <service> <file>`: an online backup through the built-in `Admin/Backup`
/// (docs/backup.md), written to `<file>.partial`, checked (size, SHA-256, `PRAGMA quick_check`,
/// the feed sequence), then renamed: `<file>` only ever names a complete, sound copy.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Take an online, consistent backup of a service's database into a file (admin token).",
        discussion: """
        SERVICE is registry, catalogue, policy or match (its address from the usual settings, e.g. \
        TIBS_ENDPOINTS) or an address host:port. FILE must not exist; it is created with mode 0600 \
        (a backup holds personal data). Restore it with `tibsctl restore` while the service is stopped.
        """)

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "registry, catalogue, policy, match, or host:port.")
    var service: String

    @Argument(help: "The backup file to create.")
    var file: String

    func run() async throws {
        let settings = try Self.settings(connection, service: service)
        guard !FileManager.default.fileExists(atPath: file) else {
            throw CLIFailure.local("\(file) already exists: choose a new file name (a backup never overwrites)")
        }
        let partial = file + ".partial"
        let summary: Tibs_Admin_V1_BackupSummary
        do {
            summary = try await download(settings, to: partial)
            let facts = try ServiceStore.inspectBackup(at: partial)
            guard facts.latestSequence == Int64(clamping: summary.latestSequence) else {
                throw CLIFailure(.serverError, "the backup holds feed sequence \(facts.latestSequence), the server announced \(summary.latestSequence)")
            }
            // link(2) refuses an existing name, so a file created meanwhile is not replaced.
            try FileManager.default.linkItem(atPath: partial, toPath: file)
            try? FileManager.default.removeItem(atPath: partial)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            if let failure = error as? CLIFailure { throw failure }
            if let store = error as? StoreError { throw CLIFailure(.serverError, "the backup is not sound: \(store)") }
            throw CLIFailure.local("cannot write \(file): \(error.localizedDescription)")
        }
        Console.out("backup of \(service) (\(settings.address)) written to \(file): \(summary.sizeBytes) bytes, sequence \(summary.latestSequence), "
                    + "feed epoch \(summary.feedEpoch), sha256 \(summary.sha256)")
    }

    /// Where `service` is: a service name through its endpoint settings, otherwise an address.
    static func settings(_ connection: ConnectionOptions, service: String) throws(CLIFailure) -> ConnectionSettings {
        if let endpoint = ServiceEndpoint.named(service) { return try ConnectionSettings.resolve(connection, service: endpoint) }
        guard DescribeCommand.looksLikeAddress(service) else {
            throw CLIFailure.usage("unknown service '\(service)': expected registry, catalogue, policy, match or host:port")
        }
        return try ConnectionSettings.resolve(connection, address: service)
    }

    /// Streams the backup into `partial` (0600), checking size and SHA-256 against the summary.
    func download(_ settings: ConnectionSettings, to partial: String) async throws -> Tibs_Admin_V1_BackupSummary {
        try? FileManager.default.removeItem(atPath: partial)  // a leftover of an interrupted run
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: partial) else {
            throw CLIFailure.local("cannot create \(partial)")
        }
        defer { try? handle.close() }
        let summary = try await Session.with(settings) { session -> Tibs_Admin_V1_BackupSummary in
            // No deadline: a large database takes as long as it takes; the stream shows progress.
            try await session.client.serverStreaming(BuiltinServices.adminBackupPath, Tibs_Admin_V1_BackupRequest()) {
                (stream: ResponseStream<Tibs_Admin_V1_BackupChunk>) -> Tibs_Admin_V1_BackupSummary in
                var hash = SHA256()
                var size: UInt64 = 0
                for try await chunk in stream {
                    switch chunk.part {
                    case .data(let data):
                        hash.update(data: data)
                        size += UInt64(data.count)
                        try handle.write(contentsOf: data)
                    case .summary(let summary):
                        let digest = hash.finalize().map { String(format: "%02x", $0) }.joined()
                        guard summary.sizeBytes == size, summary.sha256 == digest else {
                            throw CLIFailure(.serverError, "the backup arrived damaged: \(size) bytes with sha256 \(digest), "
                                             + "the server sent \(summary.sizeBytes) bytes with sha256 \(summary.sha256)")
                        }
                        return summary
                    case nil:
                        throw CLIFailure(.serverError, "the server sent an empty backup chunk")
                    }
                }
                throw CLIFailure(.serverError, "the backup stream ended without its summary: incomplete, discarded")
            }
        }
        try handle.synchronize()
        return summary
    }
}

/// `tibsctl restore --service NAME --data-dir DIR <file>`: the offline step that puts a backup
/// back (docs/backup.md), through the store's own restore, under a new feed epoch.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup back into a stopped service's data folder (offline).",
        discussion: """
        Replaces DIR/<service>.sqlite with the backup. The service must be stopped: the restore \
        refuses while any process has the database open. The restored database gets a new feed \
        epoch, so the services that follow it notice and resync from it when it is started again.
        """)

    @Option(help: "registry, catalogue, policy or match.")
    var service: String

    @Option(name: .customLong("data-dir"), help: "The service's data folder (its --data-dir).")
    var dataDir: String

    @Argument(help: "A file written by `tibsctl backup`.")
    var file: String

    func run() async throws {
        guard ServiceEndpoint.named(service) != nil else {
            throw CLIFailure.usage("unknown service '\(service)': expected registry, catalogue, policy or match")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dataDir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIFailure.local("the data folder \(dataDir) does not exist")
        }
        guard FileManager.default.fileExists(atPath: file) else { throw CLIFailure.local("the backup \(file) does not exist") }
        let target = URL(fileURLWithPath: dataDir).appendingPathComponent("\(service).sqlite").path
        do {
            let backup = try ServiceStore.inspectBackup(at: file)
            guard backup.migrations.contains(where: { $0.hasPrefix("\(service).") }) else {
                throw CLIFailure.usage("\(file) is not a backup of the \(service) service (its migrations: \(backup.migrations.joined(separator: ", ")))")
            }
            let restored = try await ServiceStore.restore(from: file, to: target)
            Console.out("restored \(file) into \(target): sequence \(restored.latestSequence), new feed epoch \(restored.feedEpoch); "
                        + "start the service again (its followers resync)")
        } catch let failure as CLIFailure {
            throw failure
        } catch let error as StoreError {
            switch error {
            case .inUse: throw CLIFailure.local("\(error)")
            case .dataLoss: throw CLIFailure.local("the backup is not sound: \(error)")
            default: throw CLIFailure.local("restore failed: \(error)")
            }
        } catch {
            throw CLIFailure.local("restore failed: \(error)")
        }
    }
}
