import Foundation
import Crypto
import GRDB
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals
import TIBSGRPCDoor
import TIBSIdentity
import TIBSRPC
import TIBSStore

/// What makes one TIBS executable different from the others; everything else is shared.
public struct ServiceDefinition: Sendable {
    /// Executable name, e.g. "tibs-registry"; also the logger label.
    public var name: String
    /// PROTOCOL.md default port (registry 7401, catalogue 7402, policy 7403, match 7404).
    public var defaultPort: Int
    /// File name inside the data folder, e.g. "registry.sqlite".
    public var databaseFile: String
    /// The service's own migrations ("registry.v1", …).
    public var migrations: DatabaseMigrator
    /// Path of the service's WatchChanges method, streamed from its store's feed.
    public var watchChangesPath: String?
    /// `secure_delete` on the store's writer (``ServiceStore/open(path:migrations:idempotencyTTL:maxBatch:secureDelete:clock:logger:)``):
    /// on for every service that holds personal data erasure must remove.
    public var secureDelete: Bool
    /// Builds the service's methods on its opened store.
    public var routes: @Sendable (ServiceStore, Logger) throws -> RPCRouter
    /// The service's own background work (e.g. the catalogue retiring closed programmes), run
    /// beside the server in its `ServiceGroup` and stopped before the server at shutdown.
    public var background: @Sendable (ServiceStore, Logger) -> [any Service] = { _, _ in [] }
    /// Work that must finish before the service listens (e.g. the match service loading its index
    /// from its store): a call answered before it would be answered from nothing.
    public var prepare: @Sendable (ServiceStore, Logger) async throws -> Void = { _, _ in }
    /// Health probes beyond the store's (e.g. ``FollowerStatusBoard/healthProbe``: NOT_SERVING
    /// while a followed upstream has never synced).
    public var healthProbes: [HealthProbe] = []

    public init(name: String, defaultPort: Int, databaseFile: String, migrations: DatabaseMigrator,
                watchChangesPath: String?, secureDelete: Bool = true,
                routes: @escaping @Sendable (ServiceStore, Logger) throws -> RPCRouter) {
        self.name = name
        self.defaultPort = defaultPort
        self.databaseFile = databaseFile
        self.migrations = migrations
        self.watchChangesPath = watchChangesPath
        self.secureDelete = secureDelete
        self.routes = routes
    }
}

/// A service assembled and ready to run: its store and its server.
public struct AssembledService: Sendable {
    public let store: ServiceStore
    public let server: RPCServer
    /// The standard gRPC door on the same router; nil when switched off.
    public let grpc: GRPCDoor?
    /// nil when metrics are switched off.
    public let metrics: MetricsEndpoint?
    /// Certificate and issuer-key rotation (SIGHUP, periodic check).
    public let credentials: CredentialReloader
    public let banner: [String]
}

/// Starts a TIBS service: options, logs, store, TLS, tokens, server, SIGTERM handling.
public enum ServiceRunner {
    /// Runs until SIGTERM or SIGINT, then shuts down gracefully (GoAway, grace period, store closed).
    public static func run(_ definition: ServiceDefinition, options: ServiceOptions) async throws {
        let resolved = try options.resolved(defaultPort: definition.defaultPort)
        LogSetup.bootstrap(level: resolved.logLevel, format: resolved.logFormat)
        let logger = Logger(label: definition.name)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(MetricsEndpoint.factory(registry: registry))
        let service = try assemble(definition, options: resolved, logger: logger, metricsRegistry: registry)
        try await definition.prepare(service.store, logger)
        // Trapped before anything listens: a SIGHUP (certificate rotation) must never end the process.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        // Shut down in reverse: housekeeping and metrics stop before the server's grace period ends.
        // Both protocols in one service: they begin their graceful shutdown together, so the grace
        // period is the same for a gRPC call and a TIBS-RPC one.
        let protocols = ConcurrentServices([service.server] + (service.grpc.map { [$0] } ?? []))
        let services: [any Service] = [protocols] + (service.metrics.map { [$0] } ?? [])
            + [StoreHousekeeping(store: service.store, logger: logger), service.credentials.watching(hangups)] + definition.background(service.store, logger)
        let group = ServiceGroup(
            configuration: .init(services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await service.server.localPort()
            let metricsPort = try await service.metrics?.localPort()
            let grpcPort = try await service.grpc?.localPort()
            let banner = service.banner.map {
                $0.replacingOccurrences(of: "{port}", with: "\(port)")
                    .replacingOccurrences(of: "{metrics-port}", with: metricsPort.map(String.init) ?? "off")
                    .replacingOccurrences(of: "{grpc-port}", with: grpcPort.map(String.init) ?? "off")
            }.joined(separator: "\n")
            FileHandle.standardOutput.write(Data((banner + "\n").utf8))
            logger.info("serving", metadata: ["port": "\(port)"])
            try await tasks.waitForAll()
        }
        try service.store.close()
        logger.info("stopped")
    }

    /// Opens the store and builds the server without starting it (tests start it themselves).
    public static func assemble(_ definition: ServiceDefinition, options: ResolvedOptions, logger: Logger,
                                metricsRegistry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) throws -> AssembledService {
        let store = try openStore(definition, dataDir: options.dataDir, logger: logger)
        let databasePath = store.path

        let files = try CredentialFiles(options)
        let credentials = try files.read()
        let tls = credentials.tls
        let router = try self.router(definition, store: store, logger: logger)

        var configuration = ServerConfiguration(host: options.host, port: options.port, tls: tls)
        configuration.maxConnections = options.maxConnections
        configuration.connection.maxFrameLength = options.maxFrameBytes
        configuration.connection.maxOpenCalls = options.maxCallsPerConnection
        configuration.shutdownGracePeriod = .seconds(Int64(options.shutdownGraceSeconds))
        configuration.maxPendingHandshakes = options.maxPendingHandshakes
        // One authenticator for both protocols: one cache of verified tokens, one rule.
        let authenticator = TokenAuthenticator(verifier: credentials.verifier)
        let server = RPCServer(configuration: configuration, router: router, authenticator: authenticator, logger: logger)
        let grpc = try options.grpcPort.map { port in
            try GRPCDoor(configuration: .service(options, port: port, tls: tls), router: router, authenticator: authenticator, logger: logger)
        }
        let banner = Banner.lines(service: definition.name, host: options.host, databasePath: databasePath,
                                  certificatePEM: tls.certificateChainPEM, requireClientCertificate: options.requireClientCert,
                                  issuerKeyIDs: credentials.issuerKeys.keys.sorted(), methods: router.descriptors.count,
                                  metrics: options.metricsPort != nil, grpc: grpc != nil)
        let storeMetrics = StoreMetrics(store: store)
        let metrics = options.metricsPort.map {
            MetricsEndpoint(host: options.host, port: $0, registry: metricsRegistry, beforeScrape: storeMetrics.refresh)
        }
        let reloader = CredentialReloader(files: files, initial: credentials, server: server, authenticator: authenticator,
                                          grpcDoor: grpc, interval: options.reloadSeconds == 0 ? nil : .seconds(options.reloadSeconds),
                                          logger: logger)
        return AssembledService(store: store, server: server, grpc: grpc, metrics: metrics, credentials: reloader, banner: banner)
    }
}

extension ServiceRunner {
    /// The service's store in `dataDir` (created if missing), opened with the definition's
    /// migrations and options.
    public static func openStore(_ definition: ServiceDefinition, dataDir: String, logger: Logger,
                                 clock: @escaping StoreClock = { Date() }) throws -> ServiceStore {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let databasePath = URL(fileURLWithPath: dataDir).appendingPathComponent(definition.databaseFile).path
        return try ServiceStore.open(path: databasePath, migrations: definition.migrations,
                                     secureDelete: definition.secureDelete, clock: clock, logger: logger)
    }

    /// Every method the service answers on `store`: its own routes, WatchChanges from the
    /// store's feed, Admin (Backup), CodeLists (ListCodes), Health (with a store probe) and Reflection. What runs in production and
    /// what `withService` serves in tests is this one router.
    public static func router(_ definition: ServiceDefinition, store: ServiceStore, logger: Logger) throws -> RPCRouter {
        var router = try definition.routes(store, logger)
        if let path = definition.watchChangesPath {
            ChangeFeedStreaming.install(into: &router, path: path, store: store)
        }
        AdminService.install(into: &router, store: store)
        CodeListService.install(into: &router)
        BuiltinServices.install(into: &router, probes: [HealthProbe(name: "store") {
            do {
                try await store.write { _ in }
                return nil
            } catch {
                return "store is not writable"
            }
        }] + definition.healthProbes)
        return router
    }
}

/// Loads issuer public keys from PEM files and folders of `*.pem`; each key's id is derived
/// from the key itself (`IssuerKeyFile.keyID`), as the minting side does.
public enum IssuerKeys {
    public static func load(_ paths: [String]) throws -> [String: Curve25519.Signing.PublicKey] {
        var keys: [String: Curve25519.Signing.PublicKey] = [:]
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw OptionsError(description: "issuer key \(path) does not exist")
            }
            // In a folder, only public-key PEMs count (certificates may sit beside them).
            let files = isDirectory.boolValue
                ? try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".pem") }.sorted()
                    .map { "\(path)/\($0)" }
                    .filter { (try? String(contentsOfFile: $0, encoding: .utf8))?.contains("-----BEGIN PUBLIC KEY-----") == true }
                : [path]
            for file in files {
                let key = try IssuerKeyFile.readPublicKey(at: file)
                keys[IssuerKeyFile.keyID(for: key)] = key
            }
        }
        guard !keys.isEmpty else { throw OptionsError(description: "no issuer public key found in \(paths.joined(separator: ", "))") }
        return keys
    }
}

extension GRPCDoorConfiguration {
    /// A service's gRPC door with the limits of its TIBS-RPC port (frame size, calls per
    /// connection, shutdown grace).
    public static func service(_ options: ResolvedOptions, port: Int, tls: ServerTLS) -> GRPCDoorConfiguration {
        var configuration = GRPCDoorConfiguration(host: options.host, port: port, tls: tls)
        configuration.maxRequestBytes = options.maxFrameBytes
        configuration.maxCallsPerConnection = options.maxCallsPerConnection
        configuration.shutdownGracePeriod = .seconds(options.shutdownGraceSeconds)
        return configuration
    }
}

/// Services that run side by side and stop together: graceful shutdown reaches each at once.
struct ConcurrentServices: Service {
    let services: [any Service]

    init(_ services: [any Service]) { self.services = services }

    func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services { group.addTask { try await service.run() } }
            try await group.waitForAll()
        }
    }
}
