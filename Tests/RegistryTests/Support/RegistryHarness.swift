import Foundation
import GRDB
import Logging
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// A registry served over real TLS on an ephemeral port, with its real SQLite file in a
/// temporary folder; removed afterwards.
struct RegistryHarness: Sendable {
    let store: ServiceStore
    let port: Int
    let directory: URL

    var databasePath: String { store.path }

    /// A client whose token has `role` (and `regions` for brokers).
    func client(_ role: Role, regions: Set<String> = [], subject: String? = nil) throws -> RPCClient {
        try makeTestClient(port: port, token: TestPKI.shared.token(role, regions: regions, subject: subject ?? "\(role.rawValue)-tester"))
    }
}

func withRegistry<T: Sendable>(_ body: (RegistryHarness) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-registry-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var logger = Logger(label: "tibs.test.registry")
    logger.logLevel = ProcessInfo.processInfo.environment["TIBS_TEST_LOG"] == nil ? .critical : .debug
    let store = try ServiceStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                      migrations: RegistryMigrations.migrator, logger: logger)
    var router = RegistryRoutes.router(app: try RegistryService.app(store: store))
    ChangeFeedStreaming.install(into: &router, path: RegistryMethods.watchChanges, store: store)
    do {
        let result = try await withTestServer(router: router) { _, port in
            try await body(RegistryHarness(store: store, port: port, directory: directory))
        }
        try store.close()
        return result
    } catch {
        try? store.close()
        throw error
    }
}
