import ArgumentParser
import BenchmarkHarness
import Foundation
import GRDB
import Logging
import TIBSCatalogue
import TIBSDomain
import TIBSIdentity
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSStore
import TIBSTestSupport

/// ListResources with three filters and free text over 100,000 resources at 1 and 32 callers,
/// beside the same query run directly on the same SQLite file (the floor); CreateResource under
/// 32 concurrent callers (group commit, synchronous=FULL) beside raw SQLite inserting the same
/// rows one transaction per row (floor) and in one transaction (ceiling). All RPCs over TLS on
/// loopback through one client connection.
@main
struct CatalogueBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "CatalogueBenchmark")

    @Option(help: "Resources in the database for the read cases.") var resources = 100_000
    @Option(help: "Providers the resources belong to.") var providers = 60
    @Option(help: "Concurrent callers.") var callers = 32
    @Option(help: "Measured seconds per case.") var seconds = 8.0
    @Option(help: "Warm-up seconds per case.") var warmup = 2.0
    @Option(help: "Rows for the raw one-transaction-per-row floor.") var floorRows = 3_000
    @Option(help: "Rows for the raw one-big-transaction ceiling.") var ceilingRows = 30_000

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-catalogue-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        var results: [CaseResult] = []

        // Raw SQLite first, on files of their own.
        let raw = RawCatalogueCase(directory: directory, logger: logger)
        let floor = try raw.run(try RawCatalogueCase.rows(floorRows, prefix: "F"), oneTransactionPerRow: true, name: "floor")
        let ceiling = try raw.run(try RawCatalogueCase.rows(ceilingRows, prefix: "C"), oneTransactionPerRow: false, name: "ceiling")

        let store = try ServiceStore.open(path: directory.appendingPathComponent(CatalogueService.databaseFile).path,
                                          migrations: CatalogueMigrations.migrator, secureDelete: true, logger: logger)
        var router = CatalogueRoutes.router(app: CatalogueService.app(store: store))
        BuiltinServices.install(into: &router)
        let server = RPCServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, tls: TestPKI.shared.serverTLS), router: router,
                               authenticator: TokenAuthenticator(verifier: TestPKI.shared.verifier), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.localPort()
            let writer = try makeTestClient(port: port, token: TestPKI.shared.token(.admin, subject: "bench-admin", ttl: 86_400))
            // A service token: lists drafts anywhere, sees no contact persons.
            let reader = try makeTestClient(port: port, token: TestPKI.shared.token(.service, subject: "bench-reader", ttl: 86_400))

            let providerIDs = try await createProviders(writer)
            results.append(try await closedLoop("CreateResource (group commit)", callers: callers, warmup: warmup, seconds: seconds) { index in
                let _: Tibs_Catalogue_V1_Resource = try await writer.unary(CatalogueMethods.createResource, Tibs_Catalogue_V1_CreateResourceRequest.with {
                    $0.providerID = providerIDs[index % providerIDs.count]
                    $0.fields = CatalogueRows.resource(index, prefix: "W")
                })
            })
            let batches = store.groupCommitStats

            try await fill(writer, store: store, providerIDs: providerIDs)
            let matching = try await readCases(store: store, reader: reader, into: &results)
            await writer.close()
            await reader.close()
            server.beginGracefulShutdown()
            try await group.waitForAll()
            let total = try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM resources") ?? 0 }
            try store.close()
            print(render(results, floor: floor, ceiling: ceiling, batches: batches, total: total, matching: matching))
        }
    }

    private func createProviders(_ client: RPCClient) async throws -> [String] {
        var ids: [String] = []
        for index in 0..<providers {
            let provider: Tibs_Catalogue_V1_Provider = try await client.unary(CatalogueMethods.createProvider, Tibs_Catalogue_V1_CreateProviderRequest.with {
                $0.fields = CatalogueRows.provider(index)
            })
            ids.append(provider.id)
        }
        return ids
    }

    /// Tops the catalogue up to `resources` resources through ImportResources (not measured),
    /// in streams of 10,000 rows.
    private func fill(_ client: RPCClient, store: ServiceStore, providerIDs: [String]) async throws {
        let present = try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM resources") ?? 0 }
        var next = 0
        while next < resources - present {
            let range = next..<min(resources - present, next + 10_000)
            let rows = AsyncStream<Tibs_Catalogue_V1_ImportResourceRow> { continuation in
                for index in range {
                    continuation.yield(.with {
                        $0.providerID = providerIDs[index % providerIDs.count]
                        $0.fields = CatalogueRows.resource(index, prefix: "B")
                    })
                }
                continuation.finish()
            }
            let answer: Tibs_Catalogue_V1_ImportResourcesResponse = try await client.clientStreaming(
                CatalogueMethods.importResources, requests: rows, timeout: .seconds(600))
            guard answer.rejected == 0 else { throw ValidationError("the fill had \(answer.rejected) rejected rows: \(answer.results.first { !$0.violations.isEmpty }.map { "\($0)" } ?? "")") }
            next = range.upperBound
        }
    }

    /// The query through ListResources and straight on SQLite, at 1 and `callers` callers;
    /// returns how many resources it matches.
    private func readCases(store: ServiceStore, reader: RPCClient, into results: inout [CaseResult]) async throws -> Int {
        let first: Tibs_Catalogue_V1_ListResourcesResponse = try await reader.unary(CatalogueMethods.listResources, CatalogueRows.query())
        let today = CalendarDate(Date()).description
        let direct = try await store.read { db in
            try Int.fetchOne(db.cachedStatement(sql: CatalogueRows.floorCount), arguments: CatalogueRows.floorArguments(today: today)) ?? 0
        }
        guard direct == Int(first.page.totalSize) else {
            throw ValidationError("the SQLite floor query matches \(direct) rows, ListResources \(first.page.totalSize): they are not the same query")
        }
        for count in [1, callers] {
            results.append(try await closedLoop("ListResources (3 filters + text, 100, total)", callers: count, warmup: warmup, seconds: seconds) { _ in
                let _: Tibs_Catalogue_V1_ListResourcesResponse = try await reader.unary(CatalogueMethods.listResources, CatalogueRows.query())
            })
            results.append(try await closedLoop("same query on SQLite (floor)", callers: count, warmup: warmup, seconds: seconds) { _ in
                try await store.read { db in
                    let arguments = CatalogueRows.floorArguments(today: today)
                    _ = try Int.fetchOne(db.cachedStatement(sql: CatalogueRows.floorCount), arguments: arguments)
                    _ = try Row.fetchAll(db.cachedStatement(sql: CatalogueRows.floorPage), arguments: arguments + [101])
                }
            })
        }
        return direct
    }

    private func micros(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }

    private func render(_ results: [CaseResult], floor: Double, ceiling: Double, batches: GroupCommitStats, total: Int, matching: Int) -> String {
        func row(_ cells: String...) -> String { tableRow(cells) }
        var lines = ["TIBS catalogue benchmark: TLS on 127.0.0.1, one client connection, WAL + synchronous=FULL, \(ProcessInfo.processInfo.activeProcessorCount) cores",
                     "command: " + CommandLine.arguments.joined(separator: " ")]
        #if DEBUG
        lines.append("WARNING: debug build; numbers mean nothing. Use `swift run -c release`.")
        #endif
        lines.append("per case: \(warmup) s warm-up, \(seconds) s measured; the query (s3_area, transnational_only, TRL 6-7, text \"hydrogen\", "
                     + "drafts, first page of 100 with its total) matches \(matching) of \(total) resources, read with a service token")
        lines.append("")
        lines.append(row("case", "callers", "calls/s", "p50 µs", "p99 µs", "calls"))
        for result in results {
            lines.append(row(result.name, "\(result.callers)", String(format: "%.0f", result.callsPerSecond),
                             String(format: "%.0f", result.p50Micros), String(format: "%.0f", result.p99Micros), "\(result.calls)"))
        }
        lines.append(row("raw SQLite, one transaction per row (floor)", "1", String(format: "%.0f", floor), "-", "-", "\(floorRows)"))
        lines.append(row("raw SQLite, one big transaction (ceiling)", "1", String(format: "%.0f", ceiling), "-", "-", "\(ceilingRows)"))
        lines.append("")
        lines.append("group commit during CreateResource: \(batches.writes) writes in \(batches.batches) transactions "
                     + String(format: "(%.1f per commit, largest %d)", Double(batches.writes) / Double(max(1, batches.batches)), batches.largestBatch))
        if let create = results.first(where: { $0.name.hasPrefix("CreateResource") }) {
            lines.append(String(format: "CreateResource / ceiling: %.2f; CreateResource / floor: %.1fx", create.callsPerSecond / ceiling, create.callsPerSecond / floor))
        }
        if let list = results.first(where: { $0.name.hasPrefix("ListResources") && $0.callers == 1 }) {
            lines.append(String(format: "ListResources p99 at 1 caller: %.0f µs (target < 5000 µs: %@)", list.p99Micros, list.p99Micros < 5000 ? "PASS" : "MISS"))
        }
        return lines.joined(separator: "\n")
    }
}
