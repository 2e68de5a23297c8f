import ArgumentParser
import BenchmarkHarness
import Foundation
import GRDB
import Logging
import TIBSCatalogue
import TIBSDomain
import TIBSIdentity
import TIBSMatch
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// The match service at the issue's scale. A live registry (SMEs by bulk import, a need and an
/// offer per SME through the use case) and a live catalogue (resources imported, then submitted
/// and published over RPC) serve TLS on loopback; a fresh replica follows both and is timed to
/// catch up (events/s, the index kept current after every batch). A child process rebuilds the
/// index from the replica's database (build time, resident memory). Then FindMatches top 20 for
/// 1,000 needs at 1 and 8 callers, in process and over TLS, beside SQLite FTS5 `bm25()` answering
/// the same need text over the same candidate texts (porter + unicode61 without diacritics).
@main
struct MatchBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "MatchBenchmark")

    @Option(help: "SMEs in the registry (each with one need and one offer).") var smes = 100_000
    @Option(help: "Resources and programmes in the catalogue.") var resources = 50_000
    @Option(help: "Measured seconds per FindMatches case.") var seconds = 5.0
    @Option(help: "Warm-up seconds per case.") var warmup = 1.0
    @Option(help: "Needs the query cases cycle through.") var queries = 1_000
    @Option(help: "Internal: rebuild the index from this replica folder, print its figures and exit.") var loadIndex: String?

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        if let loadIndex {
            try await Self.loadIndex(dataDir: loadIndex, logger: logger)
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-match-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var lines = ["TIBS match benchmark: TLS on 127.0.0.1, WAL + synchronous=FULL, \(ProcessInfo.processInfo.activeProcessorCount) cores",
                     "command: " + CommandLine.arguments.joined(separator: " ")]
        #if DEBUG
        lines.append("WARNING: debug build; numbers mean nothing. Use `swift run -c release`.")
        #endif

        let registryStore = try ServiceRunner.openStore(RegistryService.definition(), dataDir: directory.appendingPathComponent("registry").path, logger: logger)
        let catalogueStore = try ServiceRunner.openStore(CatalogueService.definition(), dataDir: directory.appendingPathComponent("catalogue").path, logger: logger)
        let fillStart = nanos()
        try await fillRegistry(RegistryService.app(store: registryStore), store: registryStore)
        let registrySeconds = Double(nanos() - fillStart) / 1e9
        let registryServer = try server(RegistryService.definition(), store: registryStore, logger: logger)
        let catalogueServer = try server(CatalogueService.definition(), store: catalogueStore, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { upstreams in
            upstreams.addTask { try await registryServer.run() }
            upstreams.addTask { try await catalogueServer.run() }
            let registryPort = try await registryServer.localPort(), cataloguePort = try await catalogueServer.localPort()
            let catalogueStart = nanos()
            try await fillCatalogue(port: cataloguePort)
            let catalogueSeconds = Double(nanos() - catalogueStart) / 1e9
            lines.append("data: \(smes) SMEs with \(smes) needs and \(smes) offers (registry, filled in \(String(format: "%.0f", registrySeconds)) s), "
                         + "\(resources) resources and programmes (catalogue, \(String(format: "%.0f", catalogueSeconds)) s), 7 regions, a 5,000-word vocabulary")

            let heads = ["registry": registryStore.latestSequence(), "catalogue": catalogueStore.latestSequence()]
            let matchDir = directory.appendingPathComponent("match")
            let matchStore = try ServiceRunner.openStore(MatchService.definition(), dataDir: matchDir.path, logger: logger)
            let replica = MatchReplica(store: matchStore, upstreams: [
                MatchUpstream(name: "registry", kind: .registry, host: "127.0.0.1", port: registryPort),
                MatchUpstream(name: "catalogue", kind: .catalogue, host: "127.0.0.1", port: cataloguePort),
            ])
            let tokenFile = directory.appendingPathComponent("follow.token")
            try Data(TestPKI.shared.token(.service, subject: "tibs-match", ttl: 86_400).utf8).write(to: tokenFile)
            try await replica.ensureLoaded()
            let followStart = nanos()
            try await withThrowingTaskGroup(of: Void.self) { followers in
                for upstream in replica.upstreams {
                    let follower = replica.follower(upstream, tls: TestPKI.shared.clientTLS, tokenFile: tokenFile.path, logger: logger)
                    followers.addTask { try await follower.run() }
                }
                await replica.board.waitUntilAll { statuses in heads.allSatisfy { (statuses[$0.key]?.cursor ?? 0) >= $0.value } }
                followers.cancelAll()
                try await followers.waitForAll()
            }
            let followSeconds = Double(nanos() - followStart) / 1e9
            let events = heads.values.reduce(0, +)
            lines.append("replica: \(replica.candidateCount) candidates, \(replica.needCount) needs; RSS of this process after catch-up \(Self.residentMiB()) MiB "
                         + "(both upstream stores and servers included)")
            lines.append("")
            lines.append(tableRow(["figure", "value", "", "", "", "target"]))
            lines.append(tableRow(["---", "---", "", "", "", "---"]))
            lines.append(tableRow(["catch-up from live registry + catalogue", String(format: "%.0f/s", Double(events) / followSeconds), "", "",
                                   "", "> 20,000/s"]))
            lines.append("  (\(events) events in \(String(format: "%.1f", followSeconds)) s, rows and cursor per batch, index after each commit)")
            lines.append(try await Self.childLoad(matchDir.path))

            let needIDs = replica.needIDs
            let step = max(1, needIDs.count / queries)
            let sample = stride(from: 0, to: needIDs.count, by: step).prefix(queries).map { needIDs[$0] }
            let today = CalendarDate(Date())
            let fts = try FTS5Baseline(directory: directory, smes: smes, resources: resources)
            let ftsQueries = sample.compactMap { replica.need($0).map { FTS5Baseline.query($0.text) } }
            var results: [CaseResult] = []
            for callers in [1, 8] {
                results.append(try await closedLoop("FindMatches top 20, in process", callers: callers, warmup: warmup, seconds: seconds) { index in
                    _ = try replica.findMatches(MatchQuery(subject: .need(sample[index % sample.count].description),
                                                           filters: MatchFilters(limit: 20, onDate: today)))
                })
                results.append(try await closedLoop("FTS5 bm25 top 20, same text", callers: callers, warmup: warmup, seconds: seconds) { index in
                    try await fts.top20(ftsQueries[index % ftsQueries.count])
                })
            }
            results += try await rpcCases(replica: replica, store: matchStore, sample: sample, logger: logger)
            try fts.close()
            lines.append("")
            lines.append(tableRow(["case", "callers", "calls/s", "p50 µs", "p99 µs", "target"]))
            lines.append(tableRow(["---", "---", "---", "---", "---", "---"]))
            for result in results {
                lines.append(tableRow([result.name, "\(result.callers)", String(format: "%.0f", result.callsPerSecond),
                                       String(format: "%.0f", result.p50Micros), String(format: "%.0f", result.p99Micros),
                                       result.name.hasPrefix("FindMatches") ? "p99 < 20 ms" : "baseline"]))
            }
            lines.append("")
            for callers in [1, 8] {
                let ours = results.filter { $0.callers == callers && $0.name.hasPrefix("FindMatches") }
                if let fts = results.first(where: { $0.callers == callers && $0.name.hasPrefix("FTS5") }) {
                    for mine in ours {
                        lines.append("p99 FTS5 / \(mine.name) at \(callers): \(String(format: "%.1f", fts.p99Micros / mine.p99Micros))x (target ≥ 5x)")
                    }
                }
            }
            try matchStore.close()
            registryServer.beginGracefulShutdown()
            catalogueServer.beginGracefulShutdown()
            try await upstreams.waitForAll()
        }
        try registryStore.close()
        try catalogueStore.close()
        print(lines.joined(separator: "\n"))
    }

    private func server(_ definition: ServiceDefinition, store: ServiceStore, logger: Logger) throws -> RPCServer {
        RPCServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, tls: TestPKI.shared.serverTLS),
                  router: try ServiceRunner.router(definition, store: store, logger: logger),
                  authenticator: TokenAuthenticator(verifier: TestPKI.shared.verifier), logger: logger)
    }

    /// SMEs by bulk import, then a need and an offer per SME through the use case, 32 at once (group commit).
    private func fillRegistry(_ app: RegistryApp, store: ServiceStore) async throws {
        let caller = Caller(principal: Principal(subject: "bench-fill", role: .admin, regions: [], keyID: "", expiresAt: .distantFuture, tokenID: ""),
                            requestID: "fill", method: RegistryMethods.importSmes)
        var next = 0
        while next < smes {
            let chunk = (next..<min(smes, next + RegistryApp.importChunkSize)).map(MatchRows.sme)
            for outcome in try await app.importChunk(chunk, by: caller) {
                if case .rejected(let violations) = outcome { throw ValidationError("the registry refused a generated SME: \(violations)") }
            }
            next += chunk.count
        }
        let ids = try await store.read { db in try String.fetchAll(db, sql: "SELECT id FROM smes ORDER BY id") }
        guard ids.count == smes else { throw ValidationError("the registry fill imported \(ids.count) SMEs of \(smes)") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<32 {
                group.addTask {
                    for index in stride(from: lane, to: ids.count, by: 32) {
                        _ = try await app.addPosting(.need, smeID: ids[index], MatchRows.posting(index, side: .need), by: caller)
                        _ = try await app.addPosting(.offer, smeID: ids[index], MatchRows.posting(index, side: .offer), by: caller)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Providers, resources as drafts through ImportResources, then each submitted and published, 32 at once.
    private func fillCatalogue(port: Int) async throws {
        let client = try makeTestClient(port: port, token: TestPKI.shared.token(.admin, subject: "bench-admin", ttl: 86_400))
        var providerIDs: [String] = []
        for index in 0..<max(7, resources / 100) {
            let provider: Tibs_Catalogue_V1_Provider = try await client.unary(CatalogueMethods.createProvider, Tibs_Catalogue_V1_CreateProviderRequest.with {
                $0.fields = MatchRows.provider(index)
            })
            providerIDs.append(provider.id)
        }
        var resourceIDs: [String] = []
        for start in stride(from: 0, to: resources, by: 10_000) {
            let range = start..<min(resources, start + 10_000)
            let ids = providerIDs
            let rows = AsyncStream<Tibs_Catalogue_V1_ImportResourceRow> { continuation in
                for index in range {
                    continuation.yield(.with { $0.providerID = ids[index % ids.count]; $0.fields = MatchRows.resource(index) })
                }
                continuation.finish()
            }
            let answer: Tibs_Catalogue_V1_ImportResourcesResponse = try await client.clientStreaming(CatalogueMethods.importResources, requests: rows,
                                                                                                    timeout: .seconds(600))
            guard answer.rejected == 0 else { throw ValidationError("the catalogue fill rejected \(answer.rejected) rows: \(answer.results.first { !$0.violations.isEmpty }.map { "\($0)" } ?? "")") }
            resourceIDs += answer.results.map(\.resourceID)
        }
        let all = resourceIDs
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<32 {
                group.addTask {
                    for index in stride(from: lane, to: all.count, by: 32) {
                        let submitted: Tibs_Catalogue_V1_Resource = try await client.unary(CatalogueMethods.submitResource, Tibs_Catalogue_V1_ReviewStepRequest.with {
                            $0.id = all[index]; $0.expectedVersion = 1
                        })
                        let _: Tibs_Catalogue_V1_Resource = try await client.unary(CatalogueMethods.publishResource, Tibs_Catalogue_V1_ReviewStepRequest.with {
                            $0.id = all[index]; $0.expectedVersion = submitted.version
                        })
                    }
                }
            }
            try await group.waitForAll()
        }
        await client.close()
    }

    /// FindMatches over TLS, one connection, at 1 and 8 callers.
    private func rpcCases(replica: MatchReplica, store: ServiceStore, sample: [QualifiedID], logger: Logger) async throws -> [CaseResult] {
        var router = MatchRoutes.router(replica: replica, lifecycle: MatchLifecycleApp(store: store, directory: replica))
        BuiltinServices.install(into: &router)
        let server = RPCServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, tls: TestPKI.shared.serverTLS), router: router,
                               authenticator: TokenAuthenticator(verifier: TestPKI.shared.verifier), logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let client = try makeTestClient(port: try await server.localPort(), token: TestPKI.shared.token(.analyst, subject: "bench-analyst", ttl: 86_400))
            var results: [CaseResult] = []
            for callers in [1, 8] {
                results.append(try await closedLoop("FindMatches top 20, TLS", callers: callers, warmup: warmup, seconds: seconds) { index in
                    let _: Tibs_Match_V1_FindMatchesResponse = try await client.unary(MatchMethods.findMatches, Tibs_Match_V1_FindMatchesRequest.with {
                        $0.needID = sample[index % sample.count].description
                        $0.limit = 20
                    })
                })
            }
            await client.close()
            server.beginGracefulShutdown()
            try await group.waitForAll()
            return results
        }
    }

    /// Runs this executable again with `--load-index`: a process that holds only the rebuilt index.
    private static func childLoad(_ dataDir: String) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--load-index", dataDir]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("the index load child exited \(process.terminationStatus)") }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The child's side: opens the replica's store, rebuilds the index, prints time and memory rows.
    private static func loadIndex(dataDir: String, logger: Logger) async throws {
        let store = try ServiceRunner.openStore(MatchService.definition(), dataDir: dataDir, logger: logger)
        let before = residentMiB()
        let replica = MatchReplica(store: store, upstreams: [])
        let start = nanos()
        try await replica.load()
        let seconds = Double(nanos() - start) / 1e9
        let after = residentMiB()
        print(tableRow(["index build from the database", String(format: "%.1f s", seconds), "", "", "", "context"]))
        print("  (\(replica.candidateCount) candidates, \(replica.needCount) needs; a child process holding only the replica)")
        print(tableRow(["resident memory after the build", "\(after) MiB", "", "", "", "< 1 GiB"]))
        print("  (\(before) MiB before the load: runtime, store connections; the index and the need profiles are the difference)")
        try store.close()
    }

    /// VmRSS of this process in MiB.
    static func residentMiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = Int(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
        return kib / 1024
    }
}
