import Foundation
import GRDB
import NIOConcurrencyHelpers
import SwiftProtobuf
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// Chaos across the four real processes: 16 writers create SMEs, needs, surveys, providers and
/// resources (each under its own idempotency key, retried on the same key until answered) while a
/// chaos loop SIGKILLs a random service and starts it again on its port every few seconds. Then:
/// every acknowledged write is stored exactly once (the registry's and the catalogue's lists hold
/// exactly the acknowledged ids), the match service's replica holds exactly the upstreams' ids,
/// the policy service's barrier counts equal a recount of the registry's surveys, and every
/// database passes `PRAGMA integrity_check`.
///
/// `TIBS_CHAOS_SECONDS` sets how long the chaos runs (30 s in the suite; the long run:
/// `TIBS_CHAOS_SECONDS=180 swift test --skip-build --filter ChaosTests`), `TIBS_CHAOS_SEED` the
/// seed of the choices (printed, so a failing run can be repeated).
@Suite(.serialized)
struct ChaosTests {
    static let registry = "/tibs.registry.v1.SmeRegistry/"
    static let catalogue = "/tibs.catalogue.v1.ResourceCatalogue/"
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
            let ports = (registry: system.registry.port, catalogue: system.catalogue.port)
            let stop = Gate()
            var kills: [String] = []
            try await withThrowingTaskGroup(of: Void.self) { group in
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
                let end = ContinuousClock.now + .seconds(seconds)
                while ContinuousClock.now < end || kills.count < first.count {
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
            #expect(ledger.failures.isEmpty, "\(ledger.failures.prefix(5))")
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

    /// Exactly once upstream, the replica equal to the upstreams, the evidence equal to a recount.
    private func verify(_ system: MatchSystem, _ ledger: ChaosLedger) async throws {
        let registry = try system.registry.client(.admin), catalogue = try system.catalogue.client(.admin)
        let stored = try await ChaosInventory.read(registry: registry, catalogue: catalogue)
        for kind in ChaosKind.allCases {
            let acknowledged = ledger.ids(kind)
            #expect(stored.ids(kind) == acknowledged, "\(kind): \(stored.ids(kind).count) stored, \(acknowledged.count) acknowledged")
        }
        let match = system.match.database
        try await waitFor("the match replica to hold exactly the upstreams' records", timeout: .seconds(180)) {
            (try? ChaosInventory.replica(match)) == stored.replicated
        }
        let policy = try system.policy.client(.admin)
        let recount = try await EvidenceRecount.of(registry, from: Self.from, to: Self.to)
        #expect(recount.surveys == ledger.ids(.survey).count)
        try await waitFor("the policy service's barrier counts to equal a recount of the registry's surveys", timeout: .seconds(180)) {
            let report: Tibs_Policy_V1_BarrierReport? = try? await policy.unary("/tibs.policy.v1.PolicyInfluence/GetBarrierReport",
                                                                                 Tibs_Policy_V1_GetBarrierReportRequest.with { $0.period = .with { $0.fromMonth = Self.from; $0.toMonth = Self.to } })
            return report.map(EvidenceRecount.report) == recount
        }
        await policy.close()
        await registry.close()
        await catalogue.close()
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
    /// SIGKILL of one service and a start of it again on its folder and port (the match service,
    /// which nothing follows, on a new port).
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
            match = try await ServiceProcess.start(.match, in: root.appendingPathComponent("match"), run: runs,
                                                   arguments: Self.matchArguments(root, registry: registry.port, catalogue: catalogue.port, policy: policy.port)
                                                       + extraMatchArguments)
        }
    }
}

enum ChaosKind: String, CaseIterable, Sendable { case sme, need, survey, provider, resource }

/// Acknowledged writes by kind (their ids), and the writes that never got an answer.
final class ChaosLedger: Sendable {
    private struct State {
        var ids: [ChaosKind: Set<String>] = [:]
        var retries = 0
        var failures: [String] = []
    }
    private let state = NIOLockedValueBox(State())

    func acknowledge(_ kind: ChaosKind, _ id: String, retries: Int) {
        state.withLockedValue { state in
            state.ids[kind, default: []].insert(id)
            state.retries += retries
        }
    }

    func fail(_ what: String) { state.withLockedValue { $0.failures.append(what) } }
    func ids(_ kind: ChaosKind) -> Set<String> { state.withLockedValue { $0.ids[kind] ?? [] } }
    var failures: [String] { state.withLockedValue { $0.failures } }
    var summary: String {
        state.withLockedValue { state in
            ChaosKind.allCases.map { "\(state.ids[$0]?.count ?? 0) \($0.rawValue)s" }.joined(separator: ", ") + " acknowledged after \(state.retries) retries"
        }
    }
}

/// One of the writers: its own clients, its own SMEs and providers to add to, its own keys.
struct ChaosWriter {
    let index: Int
    let ports: (registry: Int, catalogue: Int)
    let ledger: ChaosLedger
    let seed: UInt64

    func run(until stop: Gate) async throws {
        let registry = try makeTestClient(port: ports.registry), catalogue = try makeTestClient(port: ports.catalogue)
        var random = SeededGenerator(seed: seed)
        var smes: [String] = [], providers: [String] = []
        var step = 0
        while !stop.isOpen {
            step += 1
            let key = "chaos-\(seed)-\(index)-\(step)"
            let choice = smes.isEmpty ? 0 : providers.isEmpty ? 3 : Int(random.next() % 5)
            switch choice {
            case 0:
                let sme: Tibs_Registry_V1_Sme? = await write(.sme, key, registry, ChaosTests.registry + "CreateSme", Tibs_Registry_V1_CreateSmeRequest.with {
                    // Letters between the numbers: registration ids are compared without their punctuation.
                    $0.fields = ChaosFixtures.sme("W\(index)S\(step)")
                }, id: \.id)
                if let sme { smes.append(sme.id) }
            case 1:
                let _: Tibs_Registry_V1_Need? = await write(.need, key, registry, ChaosTests.registry + "AddNeed", Tibs_Registry_V1_AddNeedRequest.with {
                    $0.smeID = smes[Int(random.next() % UInt64(smes.count))]
                    $0.fields = UpstreamWriter.needFields("Chaos need \(index)-\(step)")
                }, id: \.id)
            case 2:
                let _: Tibs_Registry_V1_Survey? = await write(.survey, key, registry, ChaosTests.registry + "RecordSurvey", Tibs_Registry_V1_RecordSurveyRequest.with {
                    $0.smeID = smes[Int(random.next() % UInt64(smes.count))]
                    $0.answers = ChaosFixtures.survey(step)
                }, id: \.id)
            case 3:
                let provider: Tibs_Catalogue_V1_Provider? = await write(.provider, key, catalogue, ChaosTests.catalogue + "CreateProvider",
                                                                        Tibs_Catalogue_V1_CreateProviderRequest.with {
                    $0.fields = ChaosFixtures.provider("W\(index)S\(step)")
                }, id: \.id)
                if let provider { providers.append(provider.id) }
            default:
                let _: Tibs_Catalogue_V1_Resource? = await write(.resource, key, catalogue, ChaosTests.catalogue + "CreateResource",
                                                                 Tibs_Catalogue_V1_CreateResourceRequest.with {
                    $0.providerID = providers[Int(random.next() % UInt64(providers.count))]
                    $0.fields = ChaosFixtures.resource("Chaos resource \(index)-\(step)")
                }, id: \.id)
            }
        }
        await registry.close()
        await catalogue.close()
    }

    /// Sends under `key` until answered: a kill makes a call fail UNAVAILABLE (or cut), the same
    /// key sent again lands once. Gives up (a failure of the test) after 120 s without an answer.
    private func write<Request: SwiftProtobufMessage, Response: SwiftProtobufMessage>(
        _ kind: ChaosKind, _ key: String, _ client: RPCClient, _ method: String, _ request: Request, id: KeyPath<Response, String>
    ) async -> Response? {
        let giveUp = ContinuousClock.now + .seconds(120)
        var retries = 0
        while true {
            do {
                let response: Response = try await client.unary(method, request, metadata: ["idempotency-key": key], timeout: .seconds(30))
                ledger.acknowledge(kind, response[keyPath: id], retries: retries)
                return response
            } catch let error as RPCError where [.unavailable, .deadlineExceeded, .cancelled, .unknown].contains(error.code) {
                retries += 1
                if ContinuousClock.now > giveUp {
                    ledger.fail("\(key) \(method): no answer within 120 s, last \(error)")
                    return nil
                }
                try? await Task.sleep(for: .milliseconds(50 * min(retries, 10)))
            } catch {
                ledger.fail("\(key) \(method): \(error)")
                return nil
            }
        }
    }
}

typealias SwiftProtobufMessage = Message & Sendable

/// What the upstreams store (their lists, paged) and what the match replica holds (its file).
struct ChaosInventory: Equatable {
    var byKind: [ChaosKind: Set<String>] = [:]

    func ids(_ kind: ChaosKind) -> Set<String> { byKind[kind] ?? [] }

    /// The kinds the match service replicates.
    var replicated: [String: Set<String>] {
        ["replica_smes": ids(.sme), "replica_needs": ids(.need), "replica_providers": ids(.provider), "replica_resources": ids(.resource)]
    }

    static func read(registry: RPCClient, catalogue: RPCClient) async throws -> ChaosInventory {
        var inventory = ChaosInventory()
        inventory.byKind[.sme] = try await pages { token in
            let page: Tibs_Registry_V1_ListSmesResponse = try await registry.unary(ChaosTests.registry + "ListSmes", Tibs_Registry_V1_ListSmesRequest.with {
                $0.page = .with { $0.pageSize = 500; $0.pageToken = token }
            })
            return (page.smes.map(\.id), page.page.nextPageToken)
        }
        inventory.byKind[.need] = try await pages { token in
            let page: Tibs_Registry_V1_ListNeedsResponse = try await registry.unary(ChaosTests.registry + "ListNeeds", Tibs_Registry_V1_ListNeedsRequest.with {
                $0.page = .with { $0.pageSize = 500; $0.pageToken = token }
            })
            return (page.needs.map(\.id), page.page.nextPageToken)
        }
        inventory.byKind[.survey] = try await pages { token in
            let page: Tibs_Registry_V1_ListSurveysResponse = try await registry.unary(ChaosTests.registry + "ListSurveys", Tibs_Registry_V1_ListSurveysRequest.with {
                $0.page = .with { $0.pageSize = 500; $0.pageToken = token }
            })
            return (page.surveys.map(\.id), page.page.nextPageToken)
        }
        inventory.byKind[.provider] = try await pages { token in
            let page: Tibs_Catalogue_V1_ListProvidersResponse = try await catalogue.unary(ChaosTests.catalogue + "ListProviders",
                                                                                           Tibs_Catalogue_V1_ListProvidersRequest.with {
                $0.page = .with { $0.pageSize = 500; $0.pageToken = token }
            })
            return (page.providers.map(\.id), page.page.nextPageToken)
        }
        inventory.byKind[.resource] = try await pages { token in
            let page: Tibs_Catalogue_V1_ListResourcesResponse = try await catalogue.unary(ChaosTests.catalogue + "ListResources",
                                                                                           Tibs_Catalogue_V1_ListResourcesRequest.with {
                $0.status = .draft
                $0.page = .with { $0.pageSize = 500; $0.pageToken = token }
            })
            return (page.resources.map(\.id), page.page.nextPageToken)
        }
        return inventory
    }

    private static func pages(_ page: (String) async throws -> ([String], String)) async throws -> Set<String> {
        var ids: Set<String> = []
        var token = ""
        repeat {
            let (found, next) = try await page(token)
            ids.formUnion(found)
            token = next
        } while !token.isEmpty
        return ids
    }

    /// The ids the match service's replica holds, by table, read from its file (read-only).
    static func replica(_ database: URL) throws -> [String: Set<String>] {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: database.path, configuration: configuration).read { db in
            var tables: [String: Set<String>] = [:]
            for table in ["replica_smes", "replica_needs", "replica_providers", "replica_resources"] {
                tables[table] = Set(try String.fetchAll(db, sql: "SELECT id FROM \(table)"))
            }
            return tables
        }
    }
}

/// The chaos writers' records: valid, distinct by `tag`.
enum ChaosFixtures {
    static func sme(_ tag: String) -> Tibs_Registry_V1_SmeFields {
        .with {
            $0.legalName = "Chaos company \(tag)"
            $0.region = .with { $0.country = "LV"; $0.nutsCode = "LV008" }
            $0.registrationID = "LV-CHAOS-\(tag)"
            $0.headcount = 24; $0.annualTurnoverEur = 3_100_000; $0.balanceSheetTotalEur = 1_800_000
            $0.naceCodes = [.with { $0.code = "26.51"; $0.version = "2" }]
            $0.s3Areas = [.with { $0.code = "sustainable-water" }]
        }
    }

    static let barriers = ["finding-reliable-partners", "regulation-and-standards", "language-and-culture", "lack-of-market-information"]

    static func survey(_ step: Int) -> Tibs_Registry_V1_SurveyAnswers {
        .with {
            $0.conductedOn = "2025-\(String(format: "%02d", step % 12 + 1))-15"
            $0.experience = .experienceOccasional
            $0.stage = .stageExploring
            $0.barriers = [.with { $0.code = barriers[step % barriers.count] }]
            $0.supportUsed = [.with { $0.form = .with { $0.code = "b2b-matchmaking" }; $0.usefulness = 3 }]
        }
    }

    static func provider(_ tag: String) -> Tibs_Catalogue_V1_ProviderFields {
        .with {
            $0.name = "Chaos test centre \(tag)"
            $0.kind = .technologyCentre
            $0.region = .with { $0.country = "DK"; $0.nutsCode = "DK03" }
            $0.website = "https://chaos.example"
            $0.description_p = "A test centre of the chaos test."
        }
    }

    static func resource(_ title: String) -> Tibs_Catalogue_V1_ResourceFields {
        .with {
            $0.kind = .facility
            $0.title = title
            $0.description_p = "A test-bed for LoRaWAN water meters, written by the chaos test."
            $0.keywords = ["LoRaWAN", "water metering"]
            $0.s3Areas = [.with { $0.code = "sustainable-water" }]
            $0.accessScope = .transnational
            $0.costModel = .fee
            $0.languages = ["en"]
        }
    }
}
