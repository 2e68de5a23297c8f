import Crypto
import Foundation
import Testing
import TIBSCatalogue
import TIBSIdentity
import TIBSMatch
import TIBSPolicy
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// `tibs.admin.v1.Admin/Backup` as every service serves it (the runner's router, real TLS, real
/// SQLite): admins only, a sound copy whose summary matches the bytes, nothing left behind.
@Suite struct AdminBackupTests {
    /// Every chunk and the summary of one Backup call.
    struct Received: Sendable {
        var chunks: [Data] = []
        var summary: Tibs_Admin_V1_BackupSummary?
        var bytes: Data { chunks.reduce(into: Data()) { $0.append($1) } }
    }

    static func backup(_ client: RPCClient) async throws -> Received {
        try await client.serverStreaming(AdminService.backupPath, Tibs_Admin_V1_BackupRequest(), timeout: HangBound.scaled(.seconds(120))) {
            (stream: ResponseStream<Tibs_Admin_V1_BackupChunk>) in
            var received = Received()
            for try await chunk in stream {
                switch chunk.part {
                case .data(let data): received.chunks.append(data)
                case .summary(let summary): received.summary = summary
                case nil: Issue.record("an empty chunk")
                }
            }
            return received
        }
    }

    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    static let definitions: [(String, @Sendable () -> ServiceDefinition)] = [
        ("registry", { RegistryService.definition() }), ("catalogue", { CatalogueService.definition() }),
        ("policy", { PolicyService.definition() }), ("match", { MatchService.definition() }),
    ]

    @Test(arguments: definitions.map(\.0))
    func everyServiceStreamsAConsistentCopyOfItsDatabase(_ name: String) async throws {
        let definition = try #require(Self.definitions.first { $0.0 == name }).1()
        try await withService(definition) { service in
            if name == "registry" {
                let writer = try service.client(.admin)
                try await Self.createSmes(writer, count: 3)
                await writer.close()
            }
            let admin = try service.client(.admin)
            let received = try await Self.backup(admin)
            await admin.close()
            let summary = try #require(received.summary)
            let bytes = received.bytes
            #expect(summary.sizeBytes == UInt64(bytes.count) && !bytes.isEmpty)
            #expect(summary.sha256 == Self.sha256(bytes))
            #expect(summary.latestSequence == UInt64(service.store.latestSequence()))
            #expect(summary.feedEpoch == service.store.feedEpoch && !summary.feedEpoch.isEmpty)
            #expect(summary.databaseFile == definition.databaseFile)
            #expect(received.chunks.allSatisfy { $0.count <= AdminService.chunkBytes })
            if name == "registry" { #expect(summary.latestSequence == 3) }

            let file = service.directory.appendingPathComponent("copy.sqlite").path
            try bytes.write(to: URL(fileURLWithPath: file))
            let facts = try ServiceStore.inspectBackup(at: file)
            #expect(facts.latestSequence == Int64(summary.latestSequence))
            #expect(facts.migrations.contains { $0.hasPrefix("\(name).") })
            // The temporary snapshot is gone from the data folder.
            let left = try FileManager.default.contentsOfDirectory(atPath: service.directory.path).filter { $0.contains(".backup-") }
            #expect(left.isEmpty)
        }
    }

    @Test func withoutATokenItIsUnauthenticatedAndForABrokerPermissionDenied() async throws {
        try await withService(RegistryService.definition()) { service in
            let anonymous = try makeTestClient(port: service.port, token: nil)
            await #expect { _ = try await Self.backup(anonymous) } throws: { ($0 as? RPCError)?.code == .unauthenticated }
            await anonymous.close()
            for role in [Role.broker, .analyst, .service, .integrator] {
                let client = try service.client(role, regions: role == .broker ? ["LV"] : [])
                await #expect("\(role)") { _ = try await Self.backup(client) } throws: { ($0 as? RPCError)?.code == .permissionDenied }
                await client.close()
            }
            let left = try FileManager.default.contentsOfDirectory(atPath: service.directory.path).filter { $0.contains(".backup-") }
            #expect(left.isEmpty)
        }
    }

    @Test func aLargeDatabaseArrivesInBoundedChunksInOrder() async throws {
        try await withServiceStore(RegistryService.definition()) { store in
            var router = RPCRouter()
            AdminService.install(into: &router, store: store, chunkBytes: 4096)
            try await withTestServer(router: router) { _, port in
                let client = try makeTestClient(port: port)
                let received = try await Self.backup(client)
                await client.close()
                let summary = try #require(received.summary)
                #expect(received.chunks.count > 3)
                #expect(received.chunks.allSatisfy { $0.count <= 4096 })
                #expect(summary.sha256 == Self.sha256(received.bytes))
            }
        }
    }

    @Test func aSecondBackupWhileOneRunsIsResourceExhaustedAndNextOneRuns() async throws {
        try await withServiceStore(RegistryService.definition()) { store in
            let slot = BackupSlot()
            var router = RPCRouter()
            AdminService.install(into: &router, store: store, slot: slot)
            try await withTestServer(router: router) { _, port in
                let client = try makeTestClient(port: port)
                #expect(slot.claim())  // as a running backup holds it
                await #expect { _ = try await Self.backup(client) } throws: { ($0 as? RPCError)?.code == .resourceExhausted }
                slot.release()
                #expect(try await Self.backup(client).summary != nil)
                #expect(slot.claim(), "released when the backup ended")
                await client.close()
            }
        }
    }

    static func createSmes(_ client: RPCClient, count: Int) async throws {
        for index in 0..<count {
            let _: Tibs_Registry_V1_Sme = try await client.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with {
                $0.fields = .with {
                    $0.legalName = "Backup test company \(index)"
                    $0.region = .with { $0.country = "LV"; $0.nutsCode = "LV008" }
                    $0.registrationID = "LV-BACKUP-\(index)"
                    $0.headcount = 12
                    $0.naceCodes = [.with { $0.code = "62.01"; $0.version = "2" }]
                }
            })
        }
    }
}
