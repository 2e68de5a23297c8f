import Foundation
import Testing
import TIBSIdentity
import TIBSPKI
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// A real `tibs-registry` followed by a real `tibs-policy` (both built executables, `scripts/test`
/// builds them): the barrier counts always equal a recount of the registry's current surveys,
/// through updates, deletes and SIGKILL of either process.
@Suite(.serialized) struct BarrierEvidenceProcessTests {
    static let registry = "/tibs.registry.v1.SmeRegistry/"
    static let barrierReport = "/tibs.policy.v1.PolicyInfluence/GetBarrierReport"
    static let from = "2024-01", to = "2025-12"

    /// A registry SME; headcount and turnover decide its size class (micro, small, medium).
    static func fields(_ index: Int, size: Tibs_Registry_V1_SizeClass) -> Tibs_Registry_V1_SmeFields {
        let regions = [("LV", "LV008"), ("LT", "LT011"), ("EE", "EE001")]
        let (country, nuts) = regions[index % regions.count]
        return .with {
            $0.legalName = "Evidence company \(index)"
            $0.region = .with { $0.country = country; $0.nutsCode = nuts }
            $0.registrationID = "\(country)-EVIDENCE-\(index)"
            switch size {
            case .micro: $0.headcount = 5; $0.annualTurnoverEur = 900_000; $0.balanceSheetTotalEur = 500_000
            case .medium: $0.headcount = 120; $0.annualTurnoverEur = 30_000_000; $0.balanceSheetTotalEur = 20_000_000
            default: $0.headcount = 24; $0.annualTurnoverEur = 3_100_000; $0.balanceSheetTotalEur = 1_800_000
            }
            $0.naceCodes = [.with { $0.code = "62.01"; $0.version = "2" }]
            $0.s3Areas = [.with { $0.code = "ict" }]
        }
    }

    static let barrierCodes = ["finding-reliable-partners", "regulation-and-standards", "language-and-culture", "lack-of-market-information"]

    static func survey(_ index: Int) -> Tibs_Registry_V1_SurveyAnswers {
        .with {
            $0.conductedOn = "\(2024 + index % 2)-\(String(format: "%02d", index % 12 + 1))-15"
            $0.experience = .experienceOccasional
            $0.stage = .stageExploring
            $0.barriers = (0..<(index % 3 + 1)).map { offset in .with { $0.code = barrierCodes[(index + offset) % barrierCodes.count] } }
            $0.supportUsed = [.with { $0.form = .with { $0.code = "b2b-matchmaking" }; $0.usefulness = UInt32(index % 5 + 1) }]
        }
    }

    struct Registry {
        let client: RPCClient

        func createSme(_ index: Int, size: Tibs_Registry_V1_SizeClass) async throws -> Tibs_Registry_V1_Sme {
            try await client.unary(BarrierEvidenceProcessTests.registry + "CreateSme", Tibs_Registry_V1_CreateSmeRequest.with {
                $0.fields = BarrierEvidenceProcessTests.fields(index, size: size)
            })
        }

        func recordSurvey(_ smeID: String, _ index: Int) async throws {
            let _: Tibs_Registry_V1_Survey = try await client.unary(BarrierEvidenceProcessTests.registry + "RecordSurvey", Tibs_Registry_V1_RecordSurveyRequest.with {
                $0.smeID = smeID
                $0.answers = BarrierEvidenceProcessTests.survey(index)
            })
        }

        func resize(_ sme: Tibs_Registry_V1_Sme, index: Int, to size: Tibs_Registry_V1_SizeClass) async throws {
            let _: Tibs_Registry_V1_Sme = try await client.unary(BarrierEvidenceProcessTests.registry + "UpdateSme", Tibs_Registry_V1_UpdateSmeRequest.with {
                $0.id = sme.id
                $0.expectedVersion = sme.version
                $0.fields = BarrierEvidenceProcessTests.fields(index, size: size)
            })
        }

        func delete(_ sme: Tibs_Registry_V1_Sme) async throws {
            let _: Tibs_Registry_V1_DeleteSmeResponse = try await client.unary(BarrierEvidenceProcessTests.registry + "DeleteSme",
                                                                                Tibs_Registry_V1_DeleteSmeRequest.with { $0.id = sme.id })
        }

        /// The feed's head, from the first progress marker of a WatchChanges.
        func head() async throws -> UInt64 {
            try await client.serverStreaming(BarrierEvidenceProcessTests.registry + "WatchChanges", Tibs_Common_V1_WatchChangesRequest.with {
                // No record matches: the first read passes the whole feed and its marker names the head.
                $0.entityTypes = ["no-such-entity"]
                $0.progressMarkers = true
            }, timeout: HangBound.scaled(.seconds(60))) { (stream: ResponseStream<Tibs_Common_V1_ChangeEvent>) in
                for try await event in stream where event.entityType.isEmpty { return event.headSequence }
                throw ProcessTestError("the registry's feed ended without a progress marker")
            }
        }
    }

    static func report(_ policy: RPCClient, size: Tibs_Policy_V1_SizeClass = .unspecified) async throws -> Tibs_Policy_V1_BarrierReport {
        try await policy.unary(barrierReport, Tibs_Policy_V1_GetBarrierReportRequest.with {
            $0.period = .with { $0.fromMonth = from; $0.toMonth = to }
            $0.filter = .with { $0.sizeClass = size }
        })
    }

    /// Waits (bounded polling: the policy process offers no event to wait on) until the policy
    /// service has applied the registry's feed up to `head`.
    static func waitForSync(_ policy: RPCClient, head: UInt64) async throws {
        try await waitFor("the policy service to apply the registry's feed up to \(head)", timeout: .seconds(60)) {
            guard let report = try? await report(policy) else { return false }
            return report.sync.upstreams.first { $0.upstream == "registry" }.map { $0.cursor >= head && $0.syncedOnce } ?? false
        }
    }

    /// The report equals the registry's recount, overall and for small SMEs (sizes move with updates).
    static func expectCountsEqualRecount(_ policy: RPCClient, _ registry: RPCClient, _ stage: String) async throws {
        let all = try await EvidenceRecount.of(registry, from: from, to: to)
        #expect(EvidenceRecount.report(try await report(policy)) == all, "\(stage): all surveys")
        let small = try await EvidenceRecount.of(registry, from: from, to: to, size: .small)
        #expect(EvidenceRecount.report(try await report(policy, size: .small)) == small, "\(stage): small SMEs")
        let micro = try await EvidenceRecount.of(registry, from: from, to: to, size: .micro)
        #expect(EvidenceRecount.report(try await report(policy, size: .micro)) == micro, "\(stage): micro SMEs")
    }

    @Test func barrierCountsEqualARecountOfTheRegistryThroughUpdatesDeletesAndSIGKILLOfEither() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-policy-evidence-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let registryDir = root.appendingPathComponent("registry"), policyDir = root.appendingPathComponent("policy")
        try ServiceProcess.prepare(registryDir)
        try ServiceProcess.prepare(policyDir)
        let tokenFile = policyDir.appendingPathComponent("follow.token"), caFile = policyDir.appendingPathComponent("ca.pem")
        try Data(TestPKI.shared.token(.service, subject: "tibs-policy", ttl: 86_400).utf8).write(to: tokenFile)
        try Data(TestPKI.shared.ca.certificatePEM.utf8).write(to: caFile)

        // Run 1 of the registry: SMEs of three sizes, surveys before the policy service starts.
        var registryProcess = try await ServiceProcess.start(.registry, in: registryDir, run: 1, arguments: ["--no-metrics"])
        let registryPort = registryProcess.port
        var registryClient = try registryProcess.client(.admin)
        var registry = Registry(client: registryClient)
        let sizes: [Tibs_Registry_V1_SizeClass] = [.micro, .small, .medium]
        var smes: [Tibs_Registry_V1_Sme] = []
        for index in 0..<9 { smes.append(try await registry.createSme(index, size: sizes[index % 3])) }
        for index in 0..<30 { try await registry.recordSurvey(smes[index % smes.count].id, index) }

        let followArguments = ["--no-metrics", "--follow", "registry=127.0.0.1:\(registryPort)", "--follow-token-file", tokenFile.path,
                               "--follow-ca", caFile.path]
        var policyProcess = try await ServiceProcess.start(.policy, in: policyDir, run: 1, arguments: followArguments)
        var policy = try policyProcess.client(.analyst)
        try await Self.waitForSync(policy, head: try await registry.head())
        try await Self.expectCountsEqualRecount(policy, registryClient, "first sync")
        #expect(try await Self.report(policy).surveysInPeriod == 30)

        // An SME update moves its surveys to the new size class; a delete takes its surveys away.
        try await registry.resize(smes[0], index: 0, to: .small)
        try await registry.delete(smes[1])
        for index in 30..<36 { try await registry.recordSurvey(smes[2 + index % 7].id, index) }
        try await Self.waitForSync(policy, head: try await registry.head())
        try await Self.expectCountsEqualRecount(policy, registryClient, "after update and delete")

        // SIGKILL the registry, write on after its restart on the same port: the follower reconnects.
        registryProcess.kill()
        await registryClient.close()
        registryProcess = try await ServiceProcess.start(.registry, in: registryDir, run: 2, port: registryPort, arguments: ["--no-metrics"])
        registryClient = try registryProcess.client(.admin)
        registry = Registry(client: registryClient)
        for index in 36..<44 { try await registry.recordSurvey(smes[3 + index % 6].id, index) }
        try await Self.waitForSync(policy, head: try await registry.head())
        try await Self.expectCountsEqualRecount(policy, registryClient, "after the registry's SIGKILL")

        // SIGKILL the policy service while the registry writes, restart it on the same data.
        let writes = Task { [registry, smes] in
            for index in 44..<80 { try await registry.recordSurvey(smes[3 + index % 6].id, index) }
        }
        policyProcess.kill()
        await policy.close()
        try await writes.value
        policyProcess = try await ServiceProcess.start(.policy, in: policyDir, run: 2, arguments: followArguments)
        defer { policyProcess.stop() }
        defer { registryProcess.stop() }
        policy = try policyProcess.client(.analyst)
        try await Self.waitForSync(policy, head: try await registry.head())
        try await Self.expectCountsEqualRecount(policy, registryClient, "after the policy service's SIGKILL")
        await policy.close()
        await registryClient.close()
    }
}
