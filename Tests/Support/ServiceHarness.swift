import Foundation
import Logging
import TIBSIdentity
import TIBSRPC
import TIBSServiceKit
import TIBSStore

/// A service as `ServiceRunner` assembles it — its store opened with the definition's
/// migrations and options, its routes, WatchChanges, Health with the store probe — served
/// over real TLS on an ephemeral loopback port, with its SQLite file in a temporary folder
/// removed afterwards. Nothing is re-wired by hand: what the test reaches is what runs.
public struct ServiceHarness: Sendable {
    public let store: ServiceStore
    public let port: Int
    public let directory: URL
    /// The gRPC door's port, when asked for (`withService(_:grpc: true)`).
    public let grpcPort: Int?

    public var databasePath: String { store.path }

    /// A client whose token has `role` (and `regions` for brokers).
    public func client(_ role: Role, regions: Set<String> = [], subject: String? = nil) throws -> RPCClient {
        try makeTestClient(port: port, token: TestPKI.shared.token(role, regions: regions, subject: subject ?? "\(role.rawValue)-tester"))
    }
}

/// A logger that is silent unless `TIBS_TEST_LOG` is set.
public func testLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["TIBS_TEST_LOG"] == nil ? .critical : .debug
    return logger
}

/// A fresh folder for one test's files, removed afterwards.
public func withTemporaryDirectory<T>(_ prefix: String, _ body: (URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

/// Runs `body` against `definition` served as in production (see ``ServiceHarness``).
/// With `grpc`, the same router is also served by a gRPC door (``withGRPCDoor(router:_:)``).
public func withService<T: Sendable>(_ definition: ServiceDefinition, clock: @escaping StoreClock = { Date() }, grpc: Bool = false,
                                     _ body: (ServiceHarness) async throws -> T) async throws -> T {
    try await withTemporaryDirectory(definition.name) { directory in
        let logger = testLogger("tibs.test.\(definition.name)")
        let store = try ServiceRunner.openStore(definition, dataDir: directory.path, logger: logger, clock: clock)
        do {
            let router = try ServiceRunner.router(definition, store: store, logger: logger)
            let result = try await withTestServer(router: router, installBuiltins: false) { _, port in
                guard grpc else { return try await body(ServiceHarness(store: store, port: port, directory: directory, grpcPort: nil)) }
                return try await withGRPCDoor(router: router) { grpcPort in
                    try await body(ServiceHarness(store: store, port: port, directory: directory, grpcPort: grpcPort))
                }
            }
            try store.close()
            return result
        } catch {
            try? store.close()
            throw error
        }
    }
}

/// Runs `body` on `definition`'s store alone, in a temporary folder, without RPC or TLS: for
/// use-case tests, which are most of a service's tests.
public func withServiceStore<T>(_ definition: ServiceDefinition, clock: @escaping StoreClock = { Date() },
                                _ body: (ServiceStore) async throws -> T) async throws -> T {
    try await withTemporaryDirectory(definition.name) { directory in
        let store = try ServiceRunner.openStore(definition, dataDir: directory.path, logger: testLogger("tibs.test.\(definition.name)"),
                                                clock: clock)
        do {
            let result = try await body(store)
            try store.close()
            return result
        } catch {
            try? store.close()
            throw error
        }
    }
}
