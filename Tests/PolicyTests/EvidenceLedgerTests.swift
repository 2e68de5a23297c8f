import GRDB
import Testing
import TIBSTestSupport
import TIBSDomain
import TIBSPolicy
import TIBSStore

@Suite struct EvidenceLedgerTests {
    @Test func countsEqualARecountAfterRandomUpsertsMovesAndRemovals() async throws {
        try await withPolicy { app in
            var random = SeededGenerator(seed: 20_261_202)
            let regions = ["LV006", "LV007", "LV00", "EE001", "EE008", "LV"]
            let s3 = ["ict", "sustainable-innovation", "advanced-manufacturing"]
            let barriers = ["financing", "logistics", "legal-and-tax", "staff-capacity"]
            for step in 0..<400 {
                let smeID = "sme-\(Int.random(in: 0..<12, using: &random))"
                let upstream = Bool.random(using: &random) ? "registry" : "registry-ee"
                let choice = Int.random(in: 0..<10, using: &random)
                let sme = SMEFacts(id: smeID, country: "LV", region: regions.randomElement(using: &random) ?? "LV",
                                   sizeClass: SizeClass.allCases.randomElement(using: &random),
                                   s3Areas: s3.filter { _ in Bool.random(using: &random) })
                let surveyID = "survey-\(Int.random(in: 0..<40, using: &random))"
                let region = regions.randomElement(using: &random) ?? "LV"
                let survey = SurveyFacts(
                    id: surveyID, smeID: smeID, country: String(region.prefix(2)), region: region,
                    conductedOn: day("2025-01-01").adding(days: Int.random(in: 0..<500, using: &random)),
                    stage: Bool.random(using: &random) ? InternationalisationStage.allCases.randomElement(using: &random) : nil,
                    barriers: barriers.filter { _ in Bool.random(using: &random) })
                try await app.ledger { db in
                    switch choice {
                    case 0...2: try EvidenceLedger.upsertSME(db, upstream: upstream, sme)
                    case 3...7: try EvidenceLedger.upsertSurvey(db, upstream: upstream, survey)
                    case 8: try EvidenceLedger.removeSurvey(db, upstream: upstream, id: surveyID)
                    default: try EvidenceLedger.removeSME(db, upstream: upstream, id: smeID)
                    }
                }
                if step % 50 == 49 {
                    let (stored, recounted) = try await app.store.read { db in
                        (try EvidenceLedger.storedCounts(db), try EvidenceLedger.recount(db))
                    }
                    #expect(stored == recounted, "step \(step): stored counts differ from a recount")
                }
            }
            let (stored, recounted) = try await app.store.read { db in (try EvidenceLedger.storedCounts(db), try EvidenceLedger.recount(db)) }
            #expect(!stored.isEmpty)
            #expect(stored == recounted)
        }
    }

    @Test func applyingTheSameEventTwiceChangesNothingMore() async throws {
        try await withPolicy { app in
            let apply: @Sendable (Database) throws -> Void = { db in
                try EvidenceLedger.upsertSME(db, upstream: "registry", Fixtures.sme("a"))
                try EvidenceLedger.upsertSurvey(db, upstream: "registry", Fixtures.survey("s1", sme: "a"))
            }
            try await app.ledger(apply)
            let once = try await app.store.read { db in try EvidenceLedger.storedCounts(db) }
            try await app.ledger(apply)
            #expect(try await app.store.read { db in try EvidenceLedger.storedCounts(db) } == once)
            try await app.ledger { db in try EvidenceLedger.removeSurvey(db, upstream: "registry", id: "s1") }
            try await app.ledger { db in try EvidenceLedger.removeSurvey(db, upstream: "registry", id: "s1") }
            #expect(try await app.store.read { db in try EvidenceLedger.storedCounts(db) }.isEmpty)
        }
    }

    @Test func aSurveyOfAnUnknownSMECountsWithoutSizeAndS3UntilTheSMEArrives() async throws {
        try await withPolicy { app in
            try await app.ledger { db in try EvidenceLedger.upsertSurvey(db, upstream: "registry", Fixtures.survey("s1", sme: "late")) }
            var counts = try await app.store.read { db in try EvidenceLedger.storedCounts(db) }
            let everywhere = BarrierCountKey(area: "", s3: "*", sizeClass: 0, stage: InternationalisationStage.exploring.rawValue, month: "2026-03", barrier: "")
            #expect(counts[everywhere] == 1)
            #expect(!counts.keys.contains { $0.s3 == "ict" })
            try await app.ledger { db in try EvidenceLedger.upsertSME(db, upstream: "registry", Fixtures.sme("late", size: .small, s3: ["ict"])) }
            counts = try await app.store.read { db in try EvidenceLedger.storedCounts(db) }
            #expect(counts[everywhere] == nil)
            var moved = everywhere
            moved.sizeClass = SizeClass.small.rawValue
            #expect(counts[moved] == 1)
            moved.s3 = "ict"
            #expect(counts[moved] == 1)
        }
    }

    @Test func aSurveyCountsUnderEveryEnclosingAreaOnce() {
        #expect(EvidenceLedger.areas(country: "LV", region: "LV006") == ["", "LV", "LV0", "LV00", "LV006"])
        #expect(EvidenceLedger.areas(country: "GR", region: "EL30") == ["", "EL", "EL3", "EL30"])
        #expect(EvidenceLedger.areas(country: "EE", region: "") == ["", "EE"])
    }
}

