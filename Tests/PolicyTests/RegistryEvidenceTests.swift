import Foundation
import GRDB
import Testing
import TIBSPolicy
import TIBSProto
import TIBSServiceKit
import TIBSTestSupport

/// Registry events into the ledger and the survey answers, one follower batch per call.
@Suite struct RegistryEvidenceTests {
    @Test func smeAndSurveyEventsBecomeFactsAndCodedAnswers() async throws {
        try await withServiceStore(PolicyService.definition()) { store in
            let events = EvidenceEvents(store: store)
            try await events.upsert(EvidenceEvents.sme("sme-1"))
            try await events.upsert(EvidenceEvents.survey("survey-1", sme: "sme-1", on: "2025-03-10", barriers: ["financing", "regulation-and-standards"]))
            #expect(try await events.count("SELECT COUNT(*) FROM evidence_smes") == 1)
            #expect(try await events.count("SELECT COUNT(*) FROM evidence_surveys") == 1)
            // experience, stage, two barriers, one support form, one expected support.
            #expect(try await events.count("SELECT COUNT(*) FROM survey_answers WHERE survey_id = 'survey-1'") == 6)
            #expect(try await events.count("SELECT usefulness FROM survey_answers WHERE question = 'support-form'") == 4)
            #expect(try await events.count("SELECT size_class FROM evidence_smes") == 2)
            #expect(try await store.read { db in try String.fetchOne(db, sql: "SELECT s3_index FROM evidence_smes") } == ",ict,")
        }
    }

    @Test func anUpdatedSurveyReplacesItsAnswersAndADeletedOneLeavesNone() async throws {
        try await withServiceStore(PolicyService.definition()) { store in
            let events = EvidenceEvents(store: store)
            try await events.upsert(EvidenceEvents.sme("sme-1"))
            try await events.upsert(EvidenceEvents.survey("survey-1", sme: "sme-1", on: "2025-03-10", barriers: ["financing", "regulation-and-standards"]))
            try await events.upsert(EvidenceEvents.survey("survey-1", sme: "sme-1", on: "2025-03-10", barriers: ["financing"]), kind: .updated)
            #expect(try await events.count("SELECT COUNT(*) FROM survey_answers WHERE question = 'barrier'") == 1)
            try await events.apply([try events.event("survey", "survey-1", .deleted, payload: nil)])
            #expect(try await events.count("SELECT COUNT(*) FROM survey_answers") == 0)
            #expect(try await events.count("SELECT COUNT(*) FROM evidence_surveys") == 0)
        }
    }

    @Test func aDeletedSMETakesItsSurveysAndTheirAnswersAway() async throws {
        try await withServiceStore(PolicyService.definition()) { store in
            let events = EvidenceEvents(store: store)
            try await events.upsert(EvidenceEvents.sme("sme-1"))
            try await events.upsert(EvidenceEvents.sme("sme-2"))
            try await events.upsert(EvidenceEvents.survey("survey-1", sme: "sme-1", on: "2025-03-10"))
            try await events.upsert(EvidenceEvents.survey("survey-2", sme: "sme-2", on: "2025-04-10"))
            try await events.apply([try events.event("sme", "sme-1", .deleted, payload: nil)])
            #expect(try await events.count("SELECT COUNT(*) FROM evidence_smes") == 1)
            #expect(try await events.count("SELECT COUNT(*) FROM evidence_surveys") == 1)
            #expect(try await events.count("SELECT COUNT(*) FROM survey_answers WHERE survey_id = 'survey-1'") == 0)
            #expect(try await events.count("SELECT COUNT(*) FROM survey_answers WHERE survey_id = 'survey-2'") > 0)
        }
    }

    @Test func aPayloadThatDoesNotDecodeIsRefusedCountedAndChangesNothing() async throws {
        try await withServiceStore(PolicyService.definition()) { store in
            let events = EvidenceEvents(store: store)
            var garbage = try events.event("survey", "survey-x", .created, payload: EvidenceEvents.survey("survey-x", sme: "sme-1", on: "2025-01-01"))
            garbage.payload = Data([0xFF, 0xFF, 0xFF, 0x0F])
            var wrongType = try events.event("sme", "sme-y", .created, payload: EvidenceEvents.sme("sme-y"))
            wrongType.payloadType = "tibs.registry.v1.Need"
            var badDate = try events.event("survey", "survey-z", .created, payload: EvidenceEvents.survey("survey-z", sme: "sme-1", on: "2025-13-45"))
            badDate.entityID = "survey-z"
            let noRegion = try events.event("sme", "sme-w", .created, payload: Tibs_Registry_V1_Sme.with { $0.id = "sme-w" })
            let mismatched = try events.event("sme", "sme-other", .created, payload: EvidenceEvents.sme("sme-v"))
            // Refused in the same batch as a good event, which still applies.
            try await events.apply([garbage, wrongType, badDate, noRegion, mismatched, try events.event("sme", "sme-1", .created, payload: EvidenceEvents.sme("sme-1"))])
            #expect(events.board.status("registry")?.refusedEvents == 5)
            #expect(try await events.count("SELECT COUNT(*) FROM evidence_smes") == 1)
            #expect(try await events.count("SELECT COUNT(*) FROM evidence_surveys") == 0)
            #expect(try await events.count("SELECT COUNT(*) FROM survey_answers") == 0)
        }
    }

    @Test func entityTypesThatAreNotEvidencePassUntouched() async throws {
        try await withServiceStore(PolicyService.definition()) { store in
            let events = EvidenceEvents(store: store)
            var need = try events.event("need", "need-1", .created, payload: nil)
            need.payload = Data([0x01, 0x02])
            try await events.apply([need])
            #expect(events.board.status("registry")?.refusedEvents == 0)
            #expect(try await events.count("SELECT COUNT(*) FROM evidence_smes") == 0)
        }
    }

    @Test func withoutFollowNothingIsFollowedAndHealthIsServing() async {
        let following = EvidenceFollowing(settings: PolicySettings(), tls: nil)
        #expect(following.board.notReadyReason() == nil)
        #expect(await following.syncSource.current().isEmpty)
    }

    @Test func aFollowedRegistryIsNotReadyUntilItSyncsAndTheReportsSeeItsStatus() async {
        let settings = PolicySettings(follows: [FollowTarget(name: "registry-lv", host: "127.0.0.1", port: 7401)], followTokenFile: "/nonexistent")
        let following = EvidenceFollowing(settings: settings, tls: nil)
        #expect(following.board.notReadyReason()?.contains("registry-lv has never synced") == true)
        following.board.update("registry-lv") {
            $0.cursor = 40
            $0.head = 42
            $0.syncedOnce = true
            $0.lastCaughtUpAt = Date(timeIntervalSince1970: 1_700_000_000)
        }
        #expect(following.board.notReadyReason() == nil)
        let sync = await following.syncSource.current()
        #expect(sync == [UpstreamSync(upstream: "registry-lv", cursor: 40, lastSyncedAt: Date(timeIntervalSince1970: 1_700_000_000),
                                      syncedOnce: true, lagEvents: 2)])
    }
}
