import Foundation
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// Backup and restore on the real processes (``MatchSystem``, the policy service following the
/// registry too): `tibsctl backup registry` while it serves, writes after the backup, the registry
/// stopped, `tibsctl restore`, started again on its port. The registry then serves exactly the
/// backup's data; policy and match notice the new feed epoch and resync, so the post-backup SME,
/// need and survey are gone from both; a write after the restore (under a sequence the lost writes
/// had used) reaches both once.
@Suite(.serialized, .enabled(if: Binaries.exists("tibsctl"), "needs the tibsctl executable"))
struct BackupRestoreProcessTests {
    static let barrierReport = "/tibs.policy.v1.PolicyInfluence/GetBarrierReport"

    static func candidates(_ answer: Tibs_Match_V1_FindMatchesResponse, need needID: String) -> [String]? {
        answer.needs.first { $0.needID == "registry/" + needID }.map { $0.candidates.map(\.id) }
    }

    /// The `sequence N,` tibsctl backup and restore print.
    static func sequence(in output: String) -> Int? {
        guard let range = output.range(of: #"sequence [0-9]+,"#, options: .regularExpression) else { return nil }
        return Int(output[range].dropFirst("sequence ".count).dropLast())
    }

    static func recordSurvey(_ registry: RPCClient, sme smeID: String, _ index: Int) async throws {
        let _: Tibs_Registry_V1_Survey = try await registry.unary(UpstreamWriter.registry + "RecordSurvey", Tibs_Registry_V1_RecordSurveyRequest.with {
            $0.smeID = smeID
            $0.answers = .with {
                $0.conductedOn = "2025-0\(index % 9 + 1)-15"
                $0.experience = .experienceOccasional
                $0.stage = .stageExploring
                $0.barriers = [.with { $0.code = "finding-reliable-partners" }]
            }
        })
    }

    /// The policy service's count of surveys and its sync of `registry`, from the barrier report.
    static func policyView(_ policy: RPCClient) async throws -> (surveys: UInt64, synced: Bool) {
        let report: Tibs_Policy_V1_BarrierReport = try await policy.unary(barrierReport, Tibs_Policy_V1_GetBarrierReportRequest.with {
            $0.period = .with { $0.fromMonth = "2024-01"; $0.toMonth = "2025-12" }
        })
        return (report.surveysInPeriod, report.sync.upstreams.first { $0.upstream == "registry" }?.syncedOnce ?? false)
    }

    /// Waits (bounded polling: the process offers no event to wait on) for the policy service to count `surveys`, synced.
    static func waitForPolicy(_ policy: RPCClient, surveys: UInt64, _ what: String) async throws {
        try await waitFor(what, timeout: .seconds(120)) {
            guard let view = try? await policyView(policy) else { return false }
            return view.synced && view.surveys == surveys
        }
    }

    @Test func aRestoredRegistryServesTheBackupAndItsFollowersResyncWithoutGapsOrDuplicates() async throws {
        let (system, (lv, waterNeed, offer)) = try await MatchSystem.start(policyFollowsRegistry: true) { writer in
            let lv = try await writer.createSme(1, country: "LV", nuts: "LV008")
            let waterNeed = try await writer.addNeed(lv.id, title: "Smart water metering hardware partner")
            let de = try await writer.createSme(2, country: "DE", nuts: "DE600")
            let offer = try await writer.addOffer(de.id, title: "LoRaWAN water meters with remote reading")
            try await Self.recordSurvey(writer.registry, sme: lv.id, 1)
            return (lv, waterNeed, offer)
        }
        let policy = try system.policy.client(.analyst)
        let backup = system.root.appendingPathComponent("registry.backup").path
        let endpoints = system.root.appendingPathComponent("endpoints.json")
        try Data(#"{"registry": "127.0.0.1:\#(system.registry.port)"}"#.utf8).write(to: endpoints)
        let admin = ["TIBS_ENDPOINTS": endpoints.path, "TIBS_CA": system.root.appendingPathComponent("match/ca.pem").path,
                     "TIBS_TOKEN": TestPKI.shared.token(.admin, subject: "backup-operator"), "TIBS_SERVER_NAME": "localhost"]
        do {
            try await system.waitUntilServing()
            try await system.waitForMatches(sme: lv.id, "the seeded offer to be matchable") { answer in
                Self.candidates(answer, need: waterNeed.id)?.contains("registry/" + offer.id) ?? false
            }
            try await Self.waitForPolicy(policy, surveys: 1, "the policy service to count the seeded survey")

            // The online backup, then writes it does not hold: an SME with an offer, a need, a survey.
            let backedUp = try await Run.tibsctl(["backup", "registry", backup], environment: admin)
            #expect(backedUp.status == 0, "\(backedUp.stdout)\(backedUp.stderr)")
            let sequence = try #require(Self.sequence(in: backedUp.stdout), "\(backedUp.stdout)")
            #expect(sequence >= 5)
            let fi = try await system.writer.createSme(3, country: "FI", nuts: "FI1C4")
            let lateOffer = try await system.writer.addOffer(fi.id, title: "Remote reading gateways for LoRaWAN water meters")
            let lateNeed = try await system.writer.addNeed(lv.id, title: "Remote reading pilot for LoRaWAN water meters")
            try await Self.recordSurvey(system.registryClient, sme: lv.id, 2)
            try await system.waitForMatches(sme: lv.id, "the post-backup offer and need to be matchable") { answer in
                (Self.candidates(answer, need: waterNeed.id)?.contains("registry/" + lateOffer.id) ?? false)
                    && Self.candidates(answer, need: lateNeed.id) != nil
            }
            try await Self.waitForPolicy(policy, surveys: 2, "the policy service to count the post-backup survey")

            // A restore refuses while the registry runs; stopped, it puts the backup back.
            let dataDir = system.registry.database.deletingLastPathComponent().path
            let refused = try await Run.tibsctl(["restore", "--service", "registry", "--data-dir", dataDir, backup])
            #expect(refused.status == 1 && refused.stderr.contains("in use"), "\(refused.stdout)\(refused.stderr)")
            await system.stopRegistry()
            let restored = try await Run.tibsctl(["restore", "--service", "registry", "--data-dir", dataDir, backup])
            #expect(restored.status == 0 && Self.sequence(in: restored.stdout) == sequence, "\(restored.stdout)\(restored.stderr)")
            try await system.restartRegistry()

            // The registry serves exactly the backup's data.
            await #expect { let _: Tibs_Registry_V1_Sme = try await system.registryClient.unary(UpstreamWriter.registry + "GetSme", Tibs_Registry_V1_GetSmeRequest.with { $0.id = fi.id }) }
                throws: { ($0 as? RPCError)?.code == .notFound }
            let kept: Tibs_Registry_V1_Sme = try await system.registryClient.unary(UpstreamWriter.registry + "GetSme", Tibs_Registry_V1_GetSmeRequest.with { $0.id = lv.id })
            #expect(kept.id == lv.id)

            // Both followers resync: what the backup did not hold is gone from them.
            try await system.waitForMatches(sme: lv.id, "the post-backup offer and need to leave the match service") { answer in
                guard let ids = Self.candidates(answer, need: waterNeed.id) else { return false }
                return ids.contains("registry/" + offer.id) && !ids.contains("registry/" + lateOffer.id)
                    && Self.candidates(answer, need: lateNeed.id) == nil && answer.staleUpstreams.isEmpty
            }
            try await Self.waitForPolicy(policy, surveys: 1, "the policy service to drop the post-backup survey")

            // Written after the restore, under the sequences the lost writes had: reaches both, once.
            let ee = try await system.writer.createSme(4, country: "EE", nuts: "EE001")
            let newOffer = try await system.writer.addOffer(ee.id, title: "LoRaWAN remote reading for water meters")
            try await Self.recordSurvey(system.registryClient, sme: lv.id, 3)
            let after = try await system.waitForMatches(sme: lv.id, "the post-restore offer to be matchable") { answer in
                Self.candidates(answer, need: waterNeed.id)?.contains("registry/" + newOffer.id) ?? false
            }
            let ids = try #require(Self.candidates(after, need: waterNeed.id))
            #expect(Set(ids) == ["registry/" + offer.id, "registry/" + newOffer.id] && ids.count == 2, "no duplicate, nothing stale: \(ids)")
            #expect(after.needs.map(\.needID) == ["registry/" + waterNeed.id])
            try await Self.waitForPolicy(policy, surveys: 2, "the policy service to count the post-restore survey")
        } catch {
            await policy.close()
            await system.stop()
            throw error
        }
        await policy.close()
        await system.stop()
    }
}
