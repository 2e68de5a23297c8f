import Foundation
import Testing
import TIBSMatch

/// Every structured part and the total worked out by hand from the documented definitions.
@Suite struct ScorePartsTests {
    let weights = ScoreWeights(textRelevance: 0.3, s3Overlap: 0.2, naceFit: 0.1, crossBorder: 0.15, s3Priority: 0.1,
                               trlStageFit: 0.1, availability: 0.05)
    let need = ScoringFixtures.need(title: "Sensor software", s3: ["ict", "bioeconomy"], nace: ["62.01"], trl: 5,
                                    country: "LV", nuts: "LV006", stage: 2)
    let crossBorderOffer = ScoringFixtures.candidate("x", title: "Sensor software", kind: .partnerOffer, s3: ["ict", "energy"],
                                                     nace: ["62.02"], country: "DE", nuts: "DE300", trl: 4...6, eligible: ["LV"],
                                                     capacity: true, stage: 4)
    let localResource = ScoringFixtures.candidate("y", title: "Sensor software", s3: ["bioeconomy"], nace: ["63.11"],
                                                  country: "LV", nuts: "LV006", access: .regional)
    let priorities: PriorityLookup = { nuts, _ in
        if nuts.hasPrefix("LV") { return RegionPriorities(region: "LV", weights: ["ict": 1.0, "bioeconomy": 0.5]) }
        if nuts.hasPrefix("DE") { return RegionPriorities(region: "DE", weights: ["ict": 0.6]) }
        return nil
    }

    @Test func eachPartAndTheTotalFollowTheFormula() throws {
        let index = ScoringFixtures.index([crossBorderOffer, localResource])
        let ranked = index.rank(need, filters: ScoringFixtures.filters(), weights: weights, priorities: priorities)
        #expect(ranked.map(\.candidate.id.id) == ["x", "y"])
        let x = try #require(ranked.first).parts, y = try #require(ranked.last).parts

        // Identical two-term documents, df 2 of 2, tf 2, dl = avgdl = 4: the idf cancels out,
        // text = (2·2.2/(2 + 1.2)) / 2.2 = 0.625.
        let text = (2 * 2.2 / (2 + 1.2)) / 2.2
        #expect(abs(x.textRelevance - text) < 1e-12)
        #expect(abs(y.textRelevance - text) < 1e-12)

        #expect(x.s3Overlap == 0.5)              // {ict} of {ict, bioeconomy}
        #expect(x.naceFit == 0.75)               // 62.01 vs 62.02: same group
        #expect(x.crossBorder == 1)              // DE for an LV SME
        #expect(abs(x.s3Priority - (0.3 + 0.75) / 2) < 1e-12)  // DE: (0.6 + 0)/2; LV: (1 + 0.5)/2
        #expect(x.trlStageFit == 1)              // TRL 5 in 4...6 → 1; stage 0.5 + 0.25·(4 − 2) = 1
        #expect(x.availability == 1)             // names LV: 0.8·1 + 0.2·capacity
        let xTotal = 0.3 * text + 0.2 * 0.5 + 0.1 * 0.75 + 0.15 * 1 + 0.1 * 0.525 + 0.1 * 1 + 0.05 * 1
        #expect(abs(x.total - xTotal) < 1e-12)

        #expect(y.s3Overlap == 0.5)              // {bioeconomy}
        #expect(y.naceFit == 0.25)               // 62 and 63: both section J
        #expect(y.crossBorder == 0)
        #expect(abs(y.s3Priority - (0.5 + 0.75) / 2) < 1e-12)
        #expect(y.trlStageFit == 0.5)            // no TRL, not an offer: neutral
        #expect(abs(y.availability - 0.32) < 1e-12)  // regional: 0.8·0.4
        let yTotal = 0.3 * text + 0.2 * 0.5 + 0.1 * 0.25 + 0 + 0.1 * 0.625 + 0.1 * 0.5 + 0.05 * 0.32
        #expect(abs(y.total - yTotal) < 1e-12)
    }

    @Test(arguments: [
        ("62.01", "62.01", 1.0), ("62.01", "62.02", 0.75), ("62.01", "62.11", 0.5), ("62", "62.01", 0.5),
        ("62.0", "62.09", 0.75), ("6201", "63.11", 0.25), ("62.01", "25.62", 0.0), ("10.51", "33.11", 0.25),
        ("62.01", "J", 0.0), ("bad", "62.01", 0.0),
    ])
    func naceFitByLevel(need: String, candidate: String, fit: Double) {
        #expect(NACEProximity.fit(need, candidate) == fit)
    }

    @Test func naceFitIsTheBestPairAndZeroWithoutCodes() {
        #expect(NACEProximity.fit(need: ["25.62", "62.01"], candidate: ["62.02", "01.11"]) == 0.75)
        #expect(NACEProximity.fit(need: [], candidate: ["62.02"]) == 0)
    }

    @Test func trlFitFallsByAQuarterPerLevelOutside() {
        let need = ScoringFixtures.need(title: "x", trl: 8)
        #expect(StructuredScore.trlFit(need: need, candidate: ScoringFixtures.candidate("a", title: "x", trl: 4...6)) == 0.5)
        #expect(StructuredScore.trlFit(need: need, candidate: ScoringFixtures.candidate("a", title: "x", trl: 2...3)) == 0)
        #expect(StructuredScore.trlFit(need: need, candidate: ScoringFixtures.candidate("a", title: "x", trl: 8...9)) == 1)
        #expect(StructuredScore.trlFit(need: ScoringFixtures.need(title: "x"), candidate: ScoringFixtures.candidate("a", title: "x", trl: 8...9)) == nil)
    }

    @Test func stageFitFavoursOffersFromFurtherAlong() {
        let need = ScoringFixtures.need(title: "x", stage: 3)
        func offer(_ stage: Int) -> CandidateProfile { ScoringFixtures.candidate("o", title: "x", kind: .partnerOffer, stage: stage) }
        #expect(StructuredScore.stageFit(need: need, candidate: offer(5)) == 1)
        #expect(StructuredScore.stageFit(need: need, candidate: offer(4)) == 0.75)
        #expect(StructuredScore.stageFit(need: need, candidate: offer(3)) == 0.5)
        #expect(StructuredScore.stageFit(need: need, candidate: offer(1)) == 0)
        #expect(StructuredScore.stageFit(need: need, candidate: offer(0)) == nil)
        #expect(StructuredScore.stageFit(need: need, candidate: ScoringFixtures.candidate("r", title: "x", stage: 5)) == nil)
        // TRL 0.5 (8 vs 4...6) and stage 0.75 → mean 0.625.
        let both = ScoringFixtures.candidate("o", title: "x", kind: .partnerOffer, trl: 4...6, stage: 4)
        #expect(StructuredScore.trlStageFit(need: ScoringFixtures.need(title: "x", trl: 8, stage: 3), candidate: both) == 0.625)
    }

    @Test func availabilityByScopeAndCapacity() {
        let need = ScoringFixtures.need(title: "x", country: "LV")
        func scored(_ access: AccessScope, eligible: [String] = [], capacity: Bool = false) -> Double {
            StructuredScore.availability(need: need, candidate: ScoringFixtures.candidate("a", title: "x", access: access,
                                                                                          eligible: eligible, capacity: capacity))
        }
        #expect(scored(.transnational, eligible: ["LV"]) == 0.8)
        #expect(abs(scored(.transnational) - 0.64) < 1e-12)
        #expect(abs(scored(.national) - 0.48) < 1e-12)
        #expect(abs(scored(.regional, capacity: true) - 0.52) < 1e-12)
    }

    @Test func s3PartsWithoutAreasOrStrategiesAreZero() {
        let need = ScoringFixtures.need(title: "x")
        let candidate = ScoringFixtures.candidate("a", title: "x", s3: ["ict"])
        #expect(StructuredScore.s3Overlap(need: [], candidate: ["ict"]) == 0)
        #expect(StructuredScore.s3Overlap(need: ["ict", "ict"], candidate: ["ict"]) == 1)
        #expect(StructuredScore.s3Priority(need: need, candidate: candidate, candidateRegion: nil, smeRegion: nil) == 0)
        let overweight = RegionPriorities(region: "DE", weights: ["ict": 7])
        #expect(StructuredScore.s3Priority(need: need, candidate: candidate, candidateRegion: overweight, smeRegion: nil) == 0.5)
    }
}
