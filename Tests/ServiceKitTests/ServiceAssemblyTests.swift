import Foundation
import GRDB
import Logging
import Metrics
import Prometheus
import Testing
import TIBSIdentity
import TIBSPKI
import TIBSProto
import TIBSRPC
import TIBSServiceKit
import TIBSTestSupport

/// A service assembled from files on disk, as an executable would be, served over TLS.
@Suite struct ServiceAssemblyTests {
    @Test func assembledServiceServesHealthAndDescribeWithItsStore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-svc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = TestPKI.shared
        try PEMFiles.write(pki.server.certificatePEM, to: directory.appendingPathComponent("cert.pem").path, privateKey: false)
        try PEMFiles.write(pki.server.privateKeyPEM, to: directory.appendingPathComponent("key.pem").path, privateKey: true)
        try IssuerKeyFile.writePublicKey(pki.issuer.publicKey, to: directory.appendingPathComponent("issuer.pem").path)

        var migrator = DatabaseMigrator()
        migrator.registerMigration("demo.v1") { db in try db.create(table: "thing") { $0.column("id", .text).primaryKey() } }
        let definition = ServiceDefinition(name: "tibs-demo", defaultPort: 0, databaseFile: "demo.sqlite", migrations: migrator,
                                           watchChangesPath: "/tibs.demo.v1.Demo/WatchChanges") { _, _ in EchoService.router() }
        let options = try ServiceOptions.parse([
            "--host", "127.0.0.1", "--port", "0", "--data-dir", directory.appendingPathComponent("data").path,
            "--tls-cert", directory.appendingPathComponent("cert.pem").path, "--tls-key", directory.appendingPathComponent("key.pem").path,
            "--issuer-keys", directory.path,
        ]).resolved(defaultPort: 0, environment: [:])
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let service = try ServiceRunner.assemble(definition, options: options, logger: logger, metricsRegistry: TestMetrics.registry)
        #expect(service.banner.first?.contains("tibs-demo listening on 127.0.0.1") == true)
        #expect(service.banner.contains { $0.contains("localhost") && $0.contains("127.0.0.1") })
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/demo.sqlite").path))

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.server.run() }
            group.addTask { try await service.metrics?.run() }
            let port = try await service.server.localPort()
            let client = try makeTestClient(port: port, token: pki.token(.integrator))
            let health: Tibs_Health_V1_HealthCheckResponse = try await client.unary(BuiltinServices.healthCheckPath, Tibs_Health_V1_HealthCheckRequest())
            #expect(health.status == .serving)
            let described: Tibs_Reflection_V1_DescribeResponse = try await client.unary(BuiltinServices.describePath, Tibs_Reflection_V1_DescribeRequest())
            #expect(described.methods.contains { $0.name == "/tibs.demo.v1.Demo/WatchChanges" && $0.serverStreaming })
            await client.close()

            let metricsPort = try #require(try await service.metrics?.localPort())
            let scrape = try await RawConnection.connect(port: metricsPort, tls: nil)
            try await scrape.send(Array("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8))
            let text = String(decoding: await scrape.readUntilClosed(), as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(text.contains("tibs_rpc_server_calls_total{method=\"/tibs.health.v1.Health/Check\",code=\"OK\"}"))
            #expect(text.contains("tibs_rpc_server_call_duration_seconds"))
            service.server.beginGracefulShutdown()
            service.metrics?.beginGracefulShutdown()
            try await group.waitForAll()
        }
        try service.store.close()
    }
}

/// swift-metrics can be bootstrapped once per process: every test shares this registry.
enum TestMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
