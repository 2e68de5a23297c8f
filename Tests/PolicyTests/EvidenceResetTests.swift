import GRDB
import Testing
import TIBSTestSupport
import TIBSDomain
import TIBSPolicy
import TIBSStore

/// A resync after a followed registry was restored drops that registry's evidence
/// (`EvidenceLedger.removeUpstream`): its facts go, its share of the counts goes, and the other
/// registry's evidence and counts stay exactly as a recount says.
@Suite struct EvidenceResetTests {
    @Test func removingOneRegistryLeavesTheOthersCountsEqualToARecount() async throws {
        try await withPolicy { app in
            var random = SeededGenerator(seed: 20_261_203)
            let regions = ["LV006", "LV007", "EE001", "EE008"]
            for index in 0..<120 {
                let upstream = index % 2 == 0 ? "registry" : "registry-ee"
                let smeID = "sme-\(index % 10)"
                let region = regions.randomElement(using: &random) ?? "LV006"
                let sme = SMEFacts(id: smeID, country: String(region.prefix(2)), region: region,
                                   sizeClass: SizeClass.allCases.randomElement(using: &random), s3Areas: ["ict"])
                let survey = SurveyFacts(id: "survey-\(index)", smeID: smeID, country: String(region.prefix(2)), region: region,
                                         conductedOn: day("2025-01-01").adding(days: index), stage: nil, barriers: ["financing"])
                try await app.ledger { db in
                    if index % 5 == 0 { try EvidenceLedger.upsertSME(db, upstream: upstream, sme) }
                    try EvidenceLedger.upsertSurvey(db, upstream: upstream, survey)
                }
            }
            let before = try await app.store.read { db in try EvidenceLedger.storedCounts(db) }
            try await app.ledger { db in try EvidenceLedger.removeUpstream(db, upstream: "registry-ee") }
            let (stored, recounted, left) = try await app.store.read { db in
                (try EvidenceLedger.storedCounts(db), try EvidenceLedger.recount(db),
                 try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM evidence_smes WHERE upstream = 'registry-ee') + (SELECT COUNT(*) FROM evidence_surveys WHERE upstream = 'registry-ee')"))
            }
            #expect(left == 0)
            #expect(stored == recounted)
            #expect(!stored.isEmpty && stored != before)
            // Removing an upstream that holds nothing changes nothing.
            try await app.ledger { db in try EvidenceLedger.removeUpstream(db, upstream: "registry-ee") }
            #expect(try await app.store.read { db in try EvidenceLedger.storedCounts(db) } == stored)
        }
    }
}
