import ArgumentParser
import BenchmarkHarness
import Foundation
import GRDB
import Logging
import TIBSDomain
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSServiceApp
import TIBSStore
import TIBSTestSupport

/// CreateSme under 32 concurrent callers (group commit, synchronous=FULL), GetSme and ListSmes
/// over 100,000 SMEs, all over TLS on loopback through one client connection; beside them, raw
/// SQLite inserting the same rows one transaction per row (floor) and in one transaction (ceiling).
@main
struct RegistryBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "RegistryBenchmark")

    @Option(help: "SMEs in the database for the read cases.") var smes = 100_000
    @Option(help: "Concurrent callers.") var callers = 32
    @Option(help: "Measured seconds per case.") var seconds = 8.0
    @Option(help: "Warm-up seconds per case.") var warmup = 2.0
    @Option(help: "Rows for the raw one-transaction-per-row floor.") var floorRows = 3_000
    @Option(help: "Rows for the raw one-big-transaction ceiling.") var ceilingRows = 30_000
    @Flag(help: "Only CreateSme and the raw floor and ceiling (skips the fill and the read cases), for quick iterations on writes.")
    var createOnly = false

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-registry-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        var results: [CaseResult] = []

        // Raw SQLite first, on files of their own.
        let raw = RawSQLiteCase(directory: directory, logger: logger)
        let floor = try raw.run(try RawSQLiteCase.rows(floorRows, prefix: "F"), oneTransactionPerRow: true, name: "floor")
        let ceiling = try raw.run(try RawSQLiteCase.rows(ceilingRows, prefix: "C"), oneTransactionPerRow: false, name: "ceiling")

        let store = try ServiceStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                          migrations: RegistryMigrations.migrator, secureDelete: true, logger: logger)
        let app = RegistryService.app(store: store)
        var router = RegistryRoutes.router(app: app)
        BuiltinServices.install(into: &router)
        let server = RPCServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, tls: TestPKI.shared.serverTLS), router: router,
                               authenticator: TokenAuthenticator(verifier: TestPKI.shared.verifier), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.localPort()
            let writer = try makeTestClient(port: port, token: TestPKI.shared.token(.admin, subject: "bench-admin", ttl: 86_400))
            let reader = try makeTestClient(port: port, token: TestPKI.shared.token(.analyst, subject: "bench-analyst", ttl: 86_400))

            results.append(try await closedLoop("CreateSme (group commit)", callers: callers, warmup: warmup, seconds: seconds) { index in
                let _: Tibs_Registry_V1_Sme = try await writer.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with {
                    $0.fields = Rows.fields(index, prefix: "R")
                })
            })
            let batches = store.groupCommitStats

            if !createOnly { try await readCases(app: app, store: store, reader: reader, into: &results) }
            await writer.close()
            await reader.close()
            server.beginGracefulShutdown()
            try await group.waitForAll()
            let total = try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM smes") ?? 0 }
            try store.close()
            print(render(results, floor: floor, ceiling: ceiling, batches: batches, total: total))
        }
    }

    /// GetSme at 1 and `callers` callers, ListSmes first and next pages, over `smes` SMEs.
    private func readCases(app: RegistryApp, store: ServiceStore, reader: RPCClient, into results: inout [CaseResult]) async throws {
        try await fill(app: app, store: store, to: smes)
        let ids = try await store.read { db in try String.fetchAll(db, sql: "SELECT id FROM smes") }
        let tokens = try await pageTokens(reader)

        for count in [1, callers] {
            results.append(try await closedLoop("GetSme", callers: count, warmup: warmup, seconds: seconds) { index in
                let _: Tibs_Registry_V1_Sme = try await reader.unary(RegistryMethods.getSme, Tibs_Registry_V1_GetSmeRequest.with {
                    $0.id = ids[(index &* 7_919) % ids.count]
                })
            })
        }
        results.append(try await closedLoop("ListSmes first page (country, 100, total)", callers: callers, warmup: warmup, seconds: seconds) { index in
            let _: Tibs_Registry_V1_ListSmesResponse = try await reader.unary(RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest.with {
                $0.country = Rows.regions[index % Rows.regions.count].0
            })
        })
        results.append(try await closedLoop("ListSmes next page (token, 100)", callers: callers, warmup: warmup, seconds: seconds) { index in
            let _: Tibs_Registry_V1_ListSmesResponse = try await reader.unary(RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest.with {
                $0.page.pageToken = tokens[(index &* 31) % tokens.count]
            })
        })
    }

    /// Tops the database up to `count` SMEs through the import use case (not measured).
    private func fill(app: RegistryApp, store: ServiceStore, to count: Int) async throws {
        let present = try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM smes") ?? 0 }
        guard present < count else { return }
        let caller = Caller(principal: Principal(subject: "bench-fill", role: .admin, regions: [], keyID: "", expiresAt: .distantFuture, tokenID: ""),
                            requestID: "fill", method: RegistryMethods.importSmes)
        var next = 0
        while next < count - present {
            let chunk = (next..<min(count - present, next + RegistryApp.importChunkSize)).map { Rows.profile($0, prefix: "B") }
            _ = try await app.importChunk(chunk, by: caller)
            next += chunk.count
        }
    }

    /// Tokens pointing all over the id range, for next-page reads.
    private func pageTokens(_ client: RPCClient) async throws -> [String] {
        var tokens: [String] = []
        var token = ""
        repeat {
            let page: Tibs_Registry_V1_ListSmesResponse = try await client.unary(RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest.with {
                $0.page = .with { $0.pageSize = 500; $0.pageToken = token }
            })
            token = page.page.nextPageToken
            if !token.isEmpty { tokens.append(token) }
        } while !token.isEmpty
        return tokens
    }

    private func micros(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }

    private func render(_ results: [CaseResult], floor: Double, ceiling: Double, batches: GroupCommitStats, total: Int) -> String {
        func row(_ cells: String...) -> String { tableRow(cells) }
        var lines = ["TIBS registry benchmark: TLS on 127.0.0.1, one client connection, WAL + synchronous=FULL, \(ProcessInfo.processInfo.activeProcessorCount) cores",
                     "command: " + CommandLine.arguments.joined(separator: " ")]
        #if DEBUG
        lines.append("WARNING: debug build; numbers mean nothing. Use `swift run -c release`.")
        #endif
        lines.append("per case: \(warmup) s warm-up, \(seconds) s measured; reads over \(total) SMEs as an analyst (no contact persons)")
        lines.append("")
        lines.append(row("case", "callers", "calls/s", "p50 µs", "p99 µs", "calls"))
        let create = results.first { $0.name.hasPrefix("CreateSme") }
        for result in results {
            lines.append(row(result.name, "\(result.callers)", String(format: "%.0f", result.callsPerSecond),
                             String(format: "%.0f", result.p50Micros), String(format: "%.0f", result.p99Micros), "\(result.calls)"))
        }
        lines.append(row("raw SQLite, one transaction per row (floor)", "1", String(format: "%.0f", floor), "-", "-", "\(floorRows)"))
        lines.append(row("raw SQLite, one big transaction (ceiling)", "1", String(format: "%.0f", ceiling), "-", "-", "\(ceilingRows)"))
        lines.append("")
        lines.append("group commit during CreateSme: \(batches.writes) writes in \(batches.batches) transactions "
                     + String(format: "(%.1f per commit, largest %d)", Double(batches.writes) / Double(max(1, batches.batches)), batches.largestBatch))
        lines.append(String(format: "group commit writer per create: %.0f µs running the closures, %.0f µs committing (%.0f%% of the measured time busy)",
                            micros(batches.runTime) / Double(max(1, batches.writes)), micros(batches.commitTime) / Double(max(1, batches.writes)),
                            micros(batches.runTime + batches.commitTime) / ((warmup + seconds) * 1e4)))
        if let create {
            let ratio = create.callsPerSecond / ceiling
            lines.append(String(format: "CreateSme / ceiling: %.2f (target >= 0.50: %@); CreateSme / floor: %.1fx",
                                ratio, ratio >= 0.5 ? "PASS" : "MISS", create.callsPerSecond / floor))
        }
        if let get = results.first(where: { $0.name == "GetSme" && $0.callers == 1 }) {
            lines.append(String(format: "GetSme p99 at 1 caller: %.0f µs (target < 1000 µs: %@)", get.p99Micros, get.p99Micros < 1000 ? "PASS" : "MISS"))
        }
        return lines.joined(separator: "\n")
    }
}
