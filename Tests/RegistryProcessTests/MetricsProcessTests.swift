import Foundation
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// The real `tibs-registry` scraped over HTTP after known calls: the counters, the feed head,
/// the store's sizes, the batch and duration histograms (docs/metrics.md); and a real
/// `tibs-policy` following it, whose lag gauge names the upstream.
@Suite(.serialized) struct MetricsProcessTests {
    static let createSme = CrashRecoveryTests.createSme

    @Test func aScrapeAfterKnownCallsShowsTheirCountsTheFeedHeadTheStoreAndAFollowersLag() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-metrics-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let registryDir = root.appendingPathComponent("registry"), policyDir = root.appendingPathComponent("policy")
        try ServiceProcess.prepare(registryDir)
        try ServiceProcess.prepare(policyDir)
        let registry = try await ServiceProcess.start(.registry, in: registryDir, run: 1)
        defer { registry.stop() }
        let metricsPort = try MetricsScrape.port(inBanner: registry.output)

        // 3 CreateSme OK, 1 invalid (no fields), 1 without a token.
        let client = try registry.client(.admin)
        for index in 0..<3 {
            let _: Tibs_Registry_V1_Sme = try await client.unary(Self.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = CrashRecoveryTests.fields(index) })
        }
        await #expect(throws: RPCError.self) {
            let _: Tibs_Registry_V1_Sme = try await client.unary(Self.createSme, Tibs_Registry_V1_CreateSmeRequest())
        }
        let anonymous = try makeTestClient(port: registry.port, token: nil)
        await #expect(throws: RPCError.self) {
            let _: Tibs_Registry_V1_Sme = try await anonymous.unary(Self.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = CrashRecoveryTests.fields(9) })
        }
        await anonymous.close()

        let scrape = try await MetricsScrape.fetch(port: metricsPort)
        let method = ["method": Self.createSme]
        #expect(scrape.value("tibs_rpc_server_calls_total", method.merging(["code": "OK"]) { $1 }) == 3, "\(scrape.text)")
        #expect(scrape.value("tibs_rpc_server_calls_total", method.merging(["code": "INVALID_ARGUMENT"]) { $1 }) == 1)
        #expect(scrape.value("tibs_rpc_server_calls_total", method.merging(["code": "UNAUTHENTICATED"]) { $1 }) == 1)
        #expect(scrape.value("tibs_rpc_server_call_duration_seconds_count", method) == 5)
        let buckets = scrape.all("tibs_rpc_server_call_duration_seconds_bucket", method)
        #expect(buckets.count == 17, "16 bounds and +Inf")
        #expect(buckets.first { $0.labels["le"] == "+Inf" }?.value == 5)
        #expect(scrape.value("tibs_feed_head_sequence") == 3)
        #expect((scrape.value("tibs_store_file_bytes") ?? 0) > 0)
        #expect(scrape.value("tibs_store_wal_bytes") != nil)
        #expect((scrape.value("tibs_store_group_commit_batch_size_count") ?? 0) >= 3)
        #expect(scrape.all("tibs_store_group_commit_batch_size_bucket").count == 10, "9 bounds and +Inf")
        #expect((scrape.value("tibs_rpc_server_connections") ?? 0) >= 1, "the admin client's connection")
        #expect(scrape.value("tibs_rpc_server_open_calls") == 0)

        // A policy service following the registry: its lag for the upstream reaches 0 at head 3.
        let tokenFile = policyDir.appendingPathComponent("follow.token"), caFile = policyDir.appendingPathComponent("ca.pem")
        try Data(TestPKI.shared.token(.service, subject: "tibs-policy", ttl: 86_400).utf8).write(to: tokenFile)
        try Data(TestPKI.shared.ca.certificatePEM.utf8).write(to: caFile)
        let policy = try await ServiceProcess.start(.policy, in: policyDir, run: 1, arguments: [
            "--follow", "registry=127.0.0.1:\(registry.port)", "--follow-token-file", tokenFile.path, "--follow-ca", caFile.path])
        defer { policy.stop() }
        let policyMetrics = try MetricsScrape.port(inBanner: policy.output)
        let upstream = ["upstream": "registry"]
        try await waitFor("the policy service's follower to report head 3 and lag 0", timeout: .seconds(60)) {
            guard let scrape = try? await MetricsScrape.fetch(port: policyMetrics) else { return false }
            return scrape.value("tibs_follower_head", upstream) == 3 && scrape.value("tibs_follower_lag", upstream) == 0
                && scrape.value("tibs_follower_synced", upstream) == 1
        }
        let followed = try await MetricsScrape.fetch(port: policyMetrics)
        #expect(followed.value("tibs_follower_cursor", upstream) == 3)
        #expect(followed.value("tibs_follower_connected", upstream) == 1)
        await client.close()
    }
}
