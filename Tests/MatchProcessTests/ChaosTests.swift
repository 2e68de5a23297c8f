import Foundation
import GRDB
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// Chaos across the four real processes: 16 writers create SMEs, needs, surveys, providers,
/// resources, institutions, policy issues, influence actions and match proposals, update SMEs and
/// resources, walk resources through review, actions through their statuses and matches from
/// proposal to agreement (ChaosWriter), while a chaos loop SIGKILLs a random service and starts it
/// again on its port every few seconds. Then: every acknowledged write is stored exactly once and
/// at the version its writer last saw acknowledged (each service's lists hold exactly the
/// acknowledged ids, each at that version), the match service's replica holds the upstreams'
/// current records (same ids, same versions), the policy service's barrier counts equal a recount
/// of the registry's surveys, and every database passes `PRAGMA integrity_check`.
///
/// `TIBS_CHAOS_SECONDS` sets how long the chaos runs (30 s in the suite; the long run:
/// `TIBS_CHAOS_SECONDS=180 swift test --skip-build --filter ChaosTests`), `TIBS_CHAOS_SEED` the
/// seed of the choices (printed, so a failing run can be repeated).
@Suite(.serialized)
struct ChaosTests {
    static let writers = 16
    static let from = "2025-01", to = "2025-12"

    @Test func everyAcknowledgedWriteSurvivesRandomKillsOfAnyServiceExactlyOnceAndTheFollowersAgree() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seconds = environment["TIBS_CHAOS_SECONDS"].flatMap(Int.init) ?? 30
        let seed = environment["TIBS_CHAOS_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max / 2)
        print("chaos: \(seconds) s, seed \(seed) (TIBS_CHAOS_SEED=\(seed) repeats the choices)")
        let (system, _) = try await MatchSystem.start(policyFollowsRegistry: true, seed: { _ in })
        do {
            try await system.waitUntilServing()
            let ledger = ChaosLedger()
            let ports = ChaosPorts(registry: system.registry.port, catalogue: system.catalogue.port, policy: system.policy.port, match: system.match.port)
            let stop = Gate()
            var kills: [String] = []
            try await withThrowingTaskGroup(of: Void.self) { group in
                // However the chaos loop ends (a service that does not come back throws), the writers stop.
                defer { stop.open() }
                for writer in 0..<Self.writers {
                    group.addTask {
                        try await ChaosWriter(index: writer, ports: ports, ledger: ledger, seed: seed &+ UInt64(writer)).run(until: stop)
                    }
                }
                // The chaos loop, in this task: a kill every 2 to 4 s, the service started again at
                // once; the first four kills are the four services in a random order.
                var random = SeededGenerator(seed: seed)
                var first = ChaosTarget.allCases
                for index in first.indices.reversed() { first.swapAt(index, Int(random.next() % UInt64(index + 1))) }
                // At least `seconds`, every service killed once and every kind written once (an event,
                // not a duration: a slow machine, or a sanitizer, takes longer to reach a match
                // proposal); ten minutes more only end a run that never gets there.
                let end = ContinuousClock.now + .seconds(seconds), giveUp = end + HangBound.scaled(.seconds(600))
                while ContinuousClock.now < end || kills.count < first.count || !ledger.everyKindWritten {
                    guard ContinuousClock.now < giveUp else {
                        Issue.record("not every kind was written within \(seconds + 600) s: \(ledger.summary)")
                        break
                    }
                    try await Task.sleep(for: .milliseconds(2000 + Int(random.next() % 2000)))
                    let target = kills.count < first.count ? first[kills.count]
                        : ChaosTarget.allCases[Int(random.next() % UInt64(ChaosTarget.allCases.count))]
                    try await system.killAndRestart(target)
                    kills.append(target.rawValue)
                }
                stop.open()
                try await group.waitForAll()
            }
            print("chaos: killed \(kills.count) times (\(kills.joined(separator: ", "))); \(ledger.summary)")
            let failures = ledger.failures
            #expect(failures.count == 0, "the first of them: \(failures.prefix(3))")
            #expect(Set(kills) == Set(ChaosTarget.allCases.map(\.rawValue)), "every service was killed")
            try await verify(system, ledger)
        } catch {
            await system.stop()
            throw error
        }
        let databases = [system.registry.database, system.catalogue.database, system.policy.database, system.match.database]
        await system.stop(keepingFiles: true)
        for database in databases {
            #expect(try Self.integrity(of: database) == "ok", "\(database.lastPathComponent)")
        }
        try? FileManager.default.removeItem(at: system.root)
    }

    /// Exactly once, at the acknowledged version; the replica equal to the upstreams; the
    /// evidence equal to a recount.
    private func verify(_ system: MatchSystem, _ ledger: ChaosLedger) async throws {
        let registry = try system.registry.client(.admin), catalogue = try system.catalogue.client(.admin)
        let policy = try system.policy.client(.admin), match = try system.match.client(.admin)
        let stored = try await ChaosInventory.read(registry: registry, catalogue: catalogue, policy: policy, match: match)
        for kind in ChaosKind.allCases {
            let acknowledged = ledger.versions(kind), found = stored.versions(kind)
            let wrong = acknowledged.filter { found[$0.key] != $0.value }.prefix(3).map { "\($0.key) acknowledged at \($0.value), stored at \(found[$0.key].map(String.init) ?? "none")" }
            let unacknowledged = Set(found.keys).subtracting(acknowledged.keys).prefix(3)
            #expect(wrong.isEmpty && unacknowledged.isEmpty,
                    "\(kind): \(found.count) stored, \(acknowledged.count) acknowledged; \(wrong); stored but never acknowledged: \(unacknowledged)")
        }
        let replica = system.match.database
        try await waitFor("the match replica to hold the upstreams' current records", timeout: .seconds(180)) {
            (try? ChaosInventory.replica(replica)) == stored.replicated
        }
        let recount = try await EvidenceRecount.of(registry, from: Self.from, to: Self.to)
        #expect(recount.surveys == ledger.versions(.survey).count)
        try await waitFor("the policy service's barrier counts to equal a recount of the registry's surveys", timeout: .seconds(180)) {
            let report: Tibs_Policy_V1_BarrierReport? = try? await policy.unary(ChaosMethods.policy + "GetBarrierReport",
                                                                                 Tibs_Policy_V1_GetBarrierReportRequest.with { $0.period = .with { $0.fromMonth = Self.from; $0.toMonth = Self.to } })
            return report.map(EvidenceRecount.report) == recount
        }
        for client in [registry, catalogue, policy, match] { await client.close() }
    }

    static func integrity(of database: URL) throws -> String {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: database.path, configuration: configuration).read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
        }
    }
}

enum ChaosTarget: String, CaseIterable { case registry, catalogue, policy, match }

extension MatchSystem {
    /// SIGKILL of one service and a start of it again on its folder and port.
    func killAndRestart(_ target: ChaosTarget) async throws {
        runs += 1
        switch target {
        case .registry:
            registry.kill()
            registry = try await ServiceProcess.start(.registry, in: root.appendingPathComponent("registry"), run: runs,
                                                      port: registry.port, arguments: ["--no-metrics"])
        case .catalogue:
            catalogue.kill()
            catalogue = try await ServiceProcess.start(.catalogue, in: root.appendingPathComponent("catalogue"), run: runs,
                                                       port: catalogue.port, arguments: ["--no-metrics"])
        case .policy:
            policy.kill()
            policy = try await ServiceProcess.start(.policy, in: root.appendingPathComponent("policy"), run: runs,
                                                    port: policy.port, arguments: policyArguments)
        case .match:
            match.kill()
            match = try await ServiceProcess.start(.match, in: root.appendingPathComponent("match"), run: runs, port: match.port,
                                                   arguments: Self.matchArguments(root, registry: registry.port, catalogue: catalogue.port, policy: policy.port)
                                                       + extraMatchArguments)
        }
    }
}
