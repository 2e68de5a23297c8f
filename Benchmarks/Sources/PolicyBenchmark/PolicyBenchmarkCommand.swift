import ArgumentParser
import BenchmarkHarness
import Foundation
import GRDB
import Logging
import TIBSDomain
import TIBSIdentity
import TIBSPolicy
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// The policy service's evidence under load: GetBarrierReport with two filters over 200,000
/// generated surveys (seven regions, three years, filled through the ledger) at 1 caller; and
/// the feed follower catching up with a live registry (events/s), beside the registry's own
/// WatchChanges streaming rate over the same feed in the same run. All RPCs over TLS on loopback.
@main
struct PolicyBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "PolicyBenchmark")

    @Option(help: "Surveys filled through the ledger for the report case.") var surveys = 200_000
    @Option(help: "SMEs the surveys belong to.") var smes = 40_000
    @Option(help: "SMEs in the live registry the follower catches up with.") var feedSmes = 10_000
    @Option(help: "Surveys in the live registry (one feed event each, beside one per SME).") var feedSurveys = 30_000
    @Option(help: "Measured seconds of the report case.") var seconds = 8.0
    @Option(help: "Warm-up seconds of the report case.") var warmup = 2.0

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-policy-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "bench")
        logger.logLevel = .critical

        let policyDefinition = PolicyService.definition()
        let store = try ServiceRunner.openStore(policyDefinition, dataDir: directory.appendingPathComponent("policy").path, logger: logger)
        let fillStart = nanos()
        try await fillLedger(store)
        let fillSeconds = Double(nanos() - fillStart) / 1e9
        let report = try await reportCase(store, logger: logger)
        try store.close()

        let feed = try await feedCases(directory: directory, logger: logger)
        print(render(report: report, fillSeconds: fillSeconds, feed: feed))
    }

    /// SMEs, then surveys, through `EvidenceLedger`, 5,000 per transaction (not measured as a case).
    private func fillLedger(_ store: ServiceStore) async throws {
        let smes = self.smes, surveys = self.surveys
        for start in stride(from: 0, to: smes, by: 5_000) {
            try await store.write { db in
                for index in start..<min(smes, start + 5_000) { try EvidenceLedger.upsertSME(db, upstream: "registry", PolicyRows.smeFacts(index)) }
            }
        }
        for start in stride(from: 0, to: surveys, by: 5_000) {
            try await store.write { db in
                for index in start..<min(surveys, start + 5_000) {
                    try EvidenceLedger.upsertSurvey(db, upstream: "registry", PolicyRows.surveyFacts(index, smes: smes))
                }
            }
        }
    }

    /// GetBarrierReport (country + size class, the last twelve months, against the twelve before) at 1 caller.
    private func reportCase(_ store: ServiceStore, logger: Logger) async throws -> (result: CaseResult, surveys: UInt64) {
        var router = PolicyRoutes.router(app: PolicyService.app(store: store))
        BuiltinServices.install(into: &router)
        let server = RPCServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, tls: TestPKI.shared.serverTLS), router: router,
                               authenticator: TokenAuthenticator(verifier: TestPKI.shared.verifier), logger: logger)
        let request = Tibs_Policy_V1_GetBarrierReportRequest.with {
            $0.filter = .with { $0.country = "LV"; $0.sizeClass = .small }
            $0.period = .with { $0.fromMonth = "2025-01"; $0.toMonth = "2025-12" }
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.localPort()
            let client = try makeTestClient(port: port, token: TestPKI.shared.token(.analyst, subject: "bench-analyst", ttl: 86_400))
            let first: Tibs_Policy_V1_BarrierReport = try await client.unary(PolicyMethods.getBarrierReport, request)
            let result = try await closedLoop("GetBarrierReport (country + size class, 12 months)", callers: 1, warmup: warmup, seconds: seconds) { _ in
                let _: Tibs_Policy_V1_BarrierReport = try await client.unary(PolicyMethods.getBarrierReport, request)
            }
            await client.close()
            server.beginGracefulShutdown()
            try await group.waitForAll()
            return (result, first.surveysInPeriod)
        }
    }

    struct FeedFigures {
        var events: Int64
        var watchSeconds: Double
        var followSeconds: Double
    }

    /// A live registry with `feedSmes` SMEs and `feedSurveys` surveys: its WatchChanges read to
    /// the head by a bare client, then a follower into a fresh policy store timed to catch-up.
    private func feedCases(directory: URL, logger: Logger) async throws -> FeedFigures {
        let registryDefinition = RegistryService.definition()
        let registryStore = try ServiceRunner.openStore(registryDefinition, dataDir: directory.appendingPathComponent("registry").path, logger: logger)
        try await fillRegistry(RegistryService.app(store: registryStore), store: registryStore)
        let head = registryStore.latestSequence()
        let router = try ServiceRunner.router(registryDefinition, store: registryStore, logger: logger)
        let server = RPCServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, tls: TestPKI.shared.serverTLS), router: router,
                               authenticator: TokenAuthenticator(verifier: TestPKI.shared.verifier), logger: logger)
        let figures = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.localPort()

            let watcher = try makeTestClient(port: port, token: TestPKI.shared.token(.service, subject: "bench-watch", ttl: 86_400))
            let watchStart = nanos()
            let seen = try await watcher.serverStreaming(RegistryMethods.watchChanges, Tibs_Common_V1_WatchChangesRequest(), timeout: .seconds(3_600)) {
                (stream: ResponseStream<Tibs_Common_V1_ChangeEvent>) in
                var count: Int64 = 0
                for try await event in stream {
                    count += 1
                    if Int64(event.sequence) >= head { break }
                }
                return count
            }
            let watchSeconds = Double(nanos() - watchStart) / 1e9
            await watcher.close()
            guard seen == head else { throw ValidationError("WatchChanges delivered \(seen) events, the feed holds \(head)") }

            let tokenFile = directory.appendingPathComponent("follow.token")
            try Data(TestPKI.shared.token(.service, subject: "tibs-policy", ttl: 86_400).utf8).write(to: tokenFile)
            let policyStore = try ServiceRunner.openStore(PolicyService.definition(), dataDir: directory.appendingPathComponent("policy-follow").path,
                                                          logger: logger)
            let settings = PolicySettings(follows: [FollowTarget(name: "registry", host: "127.0.0.1", port: port)], followTokenFile: tokenFile.path)
            let following = EvidenceFollowing(settings: settings, tls: TestPKI.shared.clientTLS)
            let followStart = nanos()
            try await withThrowingTaskGroup(of: Void.self) { followers in
                for follower in following.followers(store: policyStore, logger: logger) { followers.addTask { try await follower.run() } }
                await following.board.waitUntil("registry") { $0.cursor >= head }
                followers.cancelAll()
                try await followers.waitForAll()
            }
            let followSeconds = Double(nanos() - followStart) / 1e9
            let applied = try await policyStore.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM evidence_surveys") ?? 0 }
            try policyStore.close()
            guard applied == feedSurveys else { throw ValidationError("the follower stored \(applied) surveys, the registry holds \(feedSurveys)") }
            server.beginGracefulShutdown()
            try await group.waitForAll()
            return FeedFigures(events: head, watchSeconds: watchSeconds, followSeconds: followSeconds)
        }
        try registryStore.close()
        return figures
    }

    /// SMEs by bulk import, then surveys by RecordSurvey through the use case, 32 at once (group commit).
    private func fillRegistry(_ app: RegistryApp, store: ServiceStore) async throws {
        let caller = Caller(principal: Principal(subject: "bench-fill", role: .admin, regions: [], keyID: "", expiresAt: .distantFuture, tokenID: ""),
                            requestID: "fill", method: RegistryMethods.importSmes)
        var next = 0
        while next < feedSmes {
            let chunk = (next..<min(feedSmes, next + RegistryApp.importChunkSize)).map { PolicyRows.profile($0) }
            _ = try await app.importChunk(chunk, by: caller)
            next += chunk.count
        }
        let ids = try await store.read { db in try String.fetchAll(db, sql: "SELECT id FROM smes ORDER BY id") }
        guard ids.count == feedSmes else { throw ValidationError("the registry fill imported \(ids.count) SMEs of \(feedSmes)") }
        let surveys = feedSurveys
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<32 {
                group.addTask {
                    for index in stride(from: lane, to: surveys, by: 32) {
                        _ = try await app.recordSurvey(smeID: ids[index % ids.count], PolicyRows.answers(index), by: caller)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private func render(report: (result: CaseResult, surveys: UInt64), fillSeconds: Double, feed: FeedFigures) -> String {
        var lines = ["TIBS policy benchmark: TLS on 127.0.0.1, one client connection, WAL + synchronous=FULL, \(ProcessInfo.processInfo.activeProcessorCount) cores",
                     "command: " + CommandLine.arguments.joined(separator: " ")]
        #if DEBUG
        lines.append("WARNING: debug build; numbers mean nothing. Use `swift run -c release`.")
        #endif
        lines.append("ledger: \(surveys) surveys of \(smes) SMEs, 7 regions, 2023-2025, filled in \(String(format: "%.1f", fillSeconds)) s")
        lines.append("")
        lines.append(tableRow(["case", "callers", "calls/s", "p50 µs", "p99 µs", "target"]))
        lines.append(tableRow(["---", "---", "---", "---", "---", "---"]))
        let r = report.result
        lines.append(tableRow([r.name + " (\(report.surveys) surveys match)", "\(r.callers)", String(format: "%.0f", r.callsPerSecond),
                               String(format: "%.0f", r.p50Micros), String(format: "%.0f", r.p99Micros), "p99 < 10,000 µs"]))
        lines.append("")
        lines.append(tableRow(["feed case", "events", "seconds", "events/s", "target"]))
        lines.append(tableRow(["---", "---", "---", "---", "---"]))
        lines.append(tableRow(["registry WatchChanges, read to the head", "\(feed.events)", String(format: "%.2f", feed.watchSeconds),
                               String(format: "%.0f", Double(feed.events) / feed.watchSeconds), "context"]))
        lines.append(tableRow(["follower catch-up into the policy store", "\(feed.events)", String(format: "%.2f", feed.followSeconds),
                               String(format: "%.0f", Double(feed.events) / feed.followSeconds), "> 20,000/s"]))
        return lines.joined(separator: "\n")
    }
}
