import Foundation
import TIBSIdentity
import TIBSPKI
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// Real `tibs-registry`, `tibs-catalogue`, `tibs-policy` and `tibs-match` processes (the built
/// executables; `scripts/test` builds them) in one temporary folder, the match service following
/// the other three as `registry`, `catalogue` and `policy` with a service token and the test CA.
final class MatchSystem {
    static let findMatches = "/tibs.match.v1.Matchmaking/FindMatches"
    static let health = "/tibs.health.v1.Health/Check"

    let root: URL
    var registry: ServiceProcess
    var catalogue: ServiceProcess
    var policy: ServiceProcess
    var match: ServiceProcess
    var matchClient: RPCClient
    var registryClient: RPCClient
    var catalogueClient: RPCClient
    /// Flags the match service gets on every start beside the follow flags (e.g. `--alert-threshold`).
    let extraMatchArguments: [String]
    /// How many process starts so far: numbers each start's copy of standard output.
    var runs = 1
    /// The policy service's flags (its `--follow` of the registry, when asked for).
    var policyArguments = ["--no-metrics"]

    var writer: UpstreamWriter { UpstreamWriter(registry: registryClient, catalogue: catalogueClient) }

    /// Starts the three upstreams, lets `seed` write to them, then starts the match service;
    /// answers the system and what `seed` answered.
    /// `policyFollowsRegistry`: the policy service also follows the registry (as `registry`), for
    /// tests of what both followers do.
    /// `beforeMatch` runs after `seed` with the running upstreams (e.g. to load the demo data with
    /// `tibs-demo`), so the match service starts on what it wrote.
    static func start<Seed>(matchArguments extra: [String] = [], policyFollowsRegistry: Bool = false,
                            seed: (UpstreamWriter) async throws -> Seed,
                            beforeMatch: (Upstreams) async throws -> Void = { _ in }) async throws -> (MatchSystem, Seed) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-match-process-\(UUID().uuidString)")
        for name in ["registry", "catalogue", "policy", "match"] { try ServiceProcess.prepare(root.appendingPathComponent(name)) }
        try Data(TestPKI.shared.token(.service, subject: "tibs-match", ttl: 86_400).utf8).write(to: root.appendingPathComponent("match/follow.token"))
        try Data(TestPKI.shared.ca.certificatePEM.utf8).write(to: root.appendingPathComponent("match/ca.pem"))
        let registry = try await ServiceProcess.start(.registry, in: root.appendingPathComponent("registry"), run: 1, arguments: ["--no-metrics"])
        let catalogue = try await ServiceProcess.start(.catalogue, in: root.appendingPathComponent("catalogue"), run: 1, arguments: ["--no-metrics"])
        var policyArguments = ["--no-metrics"]
        if policyFollowsRegistry {
            let policyDir = root.appendingPathComponent("policy")
            try Data(TestPKI.shared.token(.service, subject: "tibs-policy", ttl: 86_400).utf8).write(to: policyDir.appendingPathComponent("follow.token"))
            try Data(TestPKI.shared.ca.certificatePEM.utf8).write(to: policyDir.appendingPathComponent("ca.pem"))
            policyArguments += ["--follow", "registry=127.0.0.1:\(registry.port)", "--follow-token-file", policyDir.appendingPathComponent("follow.token").path,
                                "--follow-ca", policyDir.appendingPathComponent("ca.pem").path]
        }
        let policy = try await ServiceProcess.start(.policy, in: root.appendingPathComponent("policy"), run: 1, arguments: policyArguments)
        let registryClient = try registry.client(.admin), catalogueClient = try catalogue.client(.admin)
        let seeded = try await seed(UpstreamWriter(registry: registryClient, catalogue: catalogueClient))
        try await beforeMatch(Upstreams(root: root, registry: registry, catalogue: catalogue, policy: policy))
        let match = try await ServiceProcess.start(.match, in: root.appendingPathComponent("match"), run: 1,
                                                   arguments: matchArguments(root, registry: registry.port, catalogue: catalogue.port, policy: policy.port) + extra)
        let system = MatchSystem(root: root, registry: registry, catalogue: catalogue, policy: policy, match: match, extraMatchArguments: extra,
                                 matchClient: try match.client(.analyst), registryClient: registryClient, catalogueClient: catalogueClient)
        system.policyArguments = policyArguments
        return (system, seeded)
    }

    /// The three upstream processes before the match service starts, and the system's folder
    /// (`match/ca.pem` holds the test CA).
    struct Upstreams {
        let root: URL
        let registry: ServiceProcess
        let catalogue: ServiceProcess
        let policy: ServiceProcess
    }

    private init(root: URL, registry: ServiceProcess, catalogue: ServiceProcess, policy: ServiceProcess, match: ServiceProcess,
                 extraMatchArguments: [String], matchClient: RPCClient, registryClient: RPCClient, catalogueClient: RPCClient) {
        self.root = root
        self.extraMatchArguments = extraMatchArguments
        self.registry = registry
        self.catalogue = catalogue
        self.policy = policy
        self.match = match
        self.matchClient = matchClient
        self.registryClient = registryClient
        self.catalogueClient = catalogueClient
    }

    static func matchArguments(_ root: URL, registry: Int, catalogue: Int, policy: Int) -> [String] {
        ["--no-metrics",
         "--follow-registry", "registry=127.0.0.1:\(registry)",
         "--follow-catalogue", "catalogue=127.0.0.1:\(catalogue)",
         "--follow-policy", "policy=127.0.0.1:\(policy)",
         "--follow-token-file", root.appendingPathComponent("match/follow.token").path,
         "--follow-ca", root.appendingPathComponent("match/ca.pem").path]
    }

    /// SIGKILL of the catalogue: nothing of it runs any more.
    func killCatalogue() async {
        catalogue.kill()
        await catalogueClient.close()
    }

    /// The catalogue again on its folder and port, where the match service's follower expects it.
    func restartCatalogue() async throws {
        runs += 1
        catalogue = try await ServiceProcess.start(.catalogue, in: root.appendingPathComponent("catalogue"), run: runs,
                                                   port: catalogue.port, arguments: ["--no-metrics"])
        catalogueClient = try catalogue.client(.admin)
    }

    /// SIGTERM of the registry (graceful: its store closes, its lock is released).
    func stopRegistry() async {
        registry.stop()
        await registryClient.close()
    }

    /// The registry again on its folder and port, where its followers expect it.
    func restartRegistry() async throws {
        runs += 1
        registry = try await ServiceProcess.start(.registry, in: root.appendingPathComponent("registry"), run: runs,
                                                  port: registry.port, arguments: ["--no-metrics"])
        registryClient = try registry.client(.admin)
    }

    func killMatch() async {
        match.kill()
        await matchClient.close()
    }

    /// The match service again on its folder (a new port: nothing follows it).
    func restartMatch() async throws {
        runs += 1
        match = try await ServiceProcess.start(.match, in: root.appendingPathComponent("match"), run: runs,
                                               arguments: Self.matchArguments(root, registry: registry.port, catalogue: catalogue.port, policy: policy.port)
                                                   + extraMatchArguments)
        matchClient = try match.client(.analyst)
    }

    /// A client of the running match service with its own token (e.g. a broker of some regions);
    /// the caller closes it.
    func matchClient(_ role: Role, regions: Set<String> = [], subject: String = "process-test") throws -> RPCClient {
        try makeTestClient(port: match.port, token: TestPKI.shared.token(role, regions: regions, subject: subject))
    }

    /// What `tibsctl` needs to reach the running match service as `role` (a token of `regions`).
    func tibsctlEnvironment(_ role: Role, regions: Set<String> = [], subject: String = "process-test") -> [String: String] {
        ["TIBS_MATCH_ADDRESS": "127.0.0.1:\(match.port)", "TIBS_CA": root.appendingPathComponent("match/ca.pem").path,
         "TIBS_TOKEN": TestPKI.shared.token(role, regions: regions, subject: subject), "TIBS_SERVER_NAME": "localhost"]
    }

    func findMatches(sme smeID: String) async throws -> Tibs_Match_V1_FindMatchesResponse {
        try await matchClient.unary(Self.findMatches, Tibs_Match_V1_FindMatchesRequest.with {
            $0.smeID = "registry/" + smeID
            $0.limit = 100
        })
    }

    /// Waits (bounded polling: the process offers no event to wait on) until Health is SERVING,
    /// which the match service answers only once every upstream has synced once.
    func waitUntilServing() async throws {
        let client = matchClient
        try await waitFor("tibs-match to report SERVING (every upstream synced)", timeout: .seconds(120)) {
            let answer: Tibs_Health_V1_HealthCheckResponse? = try? await client.unary(Self.health, Tibs_Health_V1_HealthCheckRequest())
            return answer?.status == .serving
        }
    }

    /// Waits until FindMatches for `smeID` satisfies `condition` (bounded polling); returns that answer.
    @discardableResult
    func waitForMatches(sme smeID: String, _ what: String, timeout: Duration = .seconds(120),
                        _ condition: @escaping @Sendable (Tibs_Match_V1_FindMatchesResponse) -> Bool) async throws -> Tibs_Match_V1_FindMatchesResponse {
        let client = matchClient
        let request = Tibs_Match_V1_FindMatchesRequest.with { $0.smeID = "registry/" + smeID; $0.limit = 100 }
        let last = LastAnswer()
        do {
            try await waitFor(what, timeout: timeout) {
                guard let answer: Tibs_Match_V1_FindMatchesResponse = try? await client.unary(Self.findMatches, request) else { return false }
                last.set(answer)
                return condition(answer)
            }
        } catch let timeout as GateTimeout {
            throw ProcessTestError("\(timeout); last answer: \(last.get().map { MatchSystem.summary($0) } ?? "none")")
        }
        return last.get() ?? Tibs_Match_V1_FindMatchesResponse()
    }

    /// Stops every process (graceful) and removes the folder, unless `keepingFiles` (to read the
    /// databases afterwards; the caller removes `root`).
    func stop(keepingFiles: Bool = false) async {
        await matchClient.close()
        await registryClient.close()
        await catalogueClient.close()
        for process in [match, policy, catalogue, registry] where process.process.isRunning { process.stop() }
        if !keepingFiles { try? FileManager.default.removeItem(at: root) }
    }

    /// Need → candidate ids, and the stale upstreams: what a failed wait prints.
    static func summary(_ answer: Tibs_Match_V1_FindMatchesResponse) -> String {
        answer.needs.map { "\($0.needID): [\($0.candidates.map(\.id).joined(separator: ", "))]" }.joined(separator: "; ")
            + " stale: \(answer.staleUpstreams)"
    }
}
