import Foundation
import Testing
import TIBSCtlKit
import TIBSIdentity
import TIBSRegistry
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// `tibsctl backup` and `tibsctl restore` in-process against a registry served as in production:
/// the file they write, and what they refuse (with the documented exit status, changing nothing).
@Suite struct TibsctlBackupTests {
    static func connection(_ port: Int, _ directory: URL, role: Role = .admin) throws -> [String] {
        let ca = directory.appendingPathComponent("ca.pem").path
        try Data(TestPKI.shared.ca.certificatePEM.utf8).write(to: URL(fileURLWithPath: ca))
        return ["--address", "127.0.0.1:\(port)", "--ca", ca, "--server-name", "localhost",
                "--token", TestPKI.shared.token(role, regions: role == .broker ? ["LV"] : [])]
    }

    @Test func backupWritesAPrivateCheckedFileAndRefusesAnExistingOne() async throws {
        try await withService(RegistryService.definition()) { registry in
            let writer = try registry.client(.admin)
            try await AdminBackupTests.createSmes(writer, count: 2)
            await writer.close()
            let file = registry.directory.appendingPathComponent("registry.backup").path
            let connection = try Self.connection(registry.port, registry.directory)
            #expect(await TibsctlMain.run(["backup"] + connection + ["registry", file]) == 0)
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            #expect((attributes[.posixPermissions] as? NSNumber)?.int16Value == 0o600)
            for leftover in [".partial", "-wal", "-shm", ".partial-wal", ".partial-shm"] {
                #expect(!FileManager.default.fileExists(atPath: file + leftover), "\(leftover)")
            }
            let facts = try ServiceStore.inspectBackup(at: file)
            #expect(facts.latestSequence == 2 && facts.feedEpoch == registry.store.feedEpoch)

            // An existing file is never overwritten (local failure, 1).
            let before = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(await TibsctlMain.run(["backup"] + connection + ["127.0.0.1:\(registry.port)", file]) == 1)
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
            // A broker's token: PERMISSION_DENIED (5), and no file.
            let denied = registry.directory.appendingPathComponent("denied.backup").path
            #expect(await TibsctlMain.run(["backup"] + (try Self.connection(registry.port, registry.directory, role: .broker)) + ["registry", denied]) == 5)
            #expect(!FileManager.default.fileExists(atPath: denied) && !FileManager.default.fileExists(atPath: denied + ".partial"))
            // Neither a service name nor an address: usage (2).
            #expect(await TibsctlMain.run(["backup"] + connection + ["registri", denied]) == 2)

            // Restore refuses while the registry has its database open, and changes nothing.
            #expect(await TibsctlMain.run(["restore", "--service", "registry", "--data-dir", registry.directory.path, file]) == 1)
            #expect(registry.store.latestSequence() == 2)
            // A backup of another service is refused as such (usage, 2).
            #expect(await TibsctlMain.run(["restore", "--service", "catalogue", "--data-dir", registry.directory.path, file]) == 2)
            #expect(await TibsctlMain.run(["restore", "--service", "nope", "--data-dir", registry.directory.path, file]) == 2)
        }
    }

    @Test func restoreOfAStoppedServicePutsTheBackupBackUnderANewEpoch() async throws {
        try await withTemporaryDirectory("tibsctl-restore") { directory in
            let definition = RegistryService.definition()
            let data = directory.appendingPathComponent("data")
            let file = directory.appendingPathComponent("registry.backup").path
            let store = try ServiceRunner.openStore(definition, dataDir: data.path, logger: testLogger("tibs.test.registry"))
            let epoch = store.feedEpoch
            let router = try ServiceRunner.router(definition, store: store, logger: testLogger("tibs.test.registry"))
            try await withTestServer(router: router, installBuiltins: false) { _, port in
                let writer = try makeTestClient(port: port)
                try await AdminBackupTests.createSmes(writer, count: 1)
                #expect(await TibsctlMain.run(["backup"] + (try Self.connection(port, directory)) + ["127.0.0.1:\(port)", file]) == 0)
                await writer.close()
            }
            try store.close()
            #expect(await TibsctlMain.run(["restore", "--service", "registry", "--data-dir", data.path, file]) == 0)
            let restored = try ServiceRunner.openStore(definition, dataDir: data.path, logger: testLogger("tibs.test.registry"))
            #expect(restored.latestSequence() == 1)
            #expect(restored.feedEpoch != epoch && !restored.feedEpoch.isEmpty)
            try restored.close()
            // Checking and restoring the backup left nothing beside it or in the data folder.
            #expect(!FileManager.default.fileExists(atPath: file + "-wal") && !FileManager.default.fileExists(atPath: file + "-shm"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).filter { $0.contains(".restoring") }.isEmpty)
            // A missing backup or data folder: local failure, nothing created.
            #expect(await TibsctlMain.run(["restore", "--service", "registry", "--data-dir", data.path, file + ".missing"]) == 1)
            #expect(await TibsctlMain.run(["restore", "--service", "registry", "--data-dir", data.path + "-missing", file]) == 1)
            #expect(!FileManager.default.fileExists(atPath: data.path + "-missing"))
        }
    }
}
