import Foundation
import Testing
import TIBSMatch

/// Text relevance worked out by hand from the documented formula over a three-document corpus.
@Suite struct BM25RankingTests {
    // A: title "Laser cutting"                          → laser 2, cut 2;            length 4
    // B: title "Laser welding", desc "welding of steel" → laser 2, weld 3, steel 1;  length 6
    // C: title "Textile testing", desc "laser"          → textil 2, test 2, laser 1; length 5
    let corpus = [
        ScoringFixtures.candidate("a", title: "Laser cutting"),
        ScoringFixtures.candidate("b", title: "Laser welding", description: "welding of steel"),
        ScoringFixtures.candidate("c", title: "Textile testing", description: "laser"),
    ]

    /// tf·2.2 / (tf + 1.2·(0.25 + 0.75·dl/5)), avgdl = 15/3 = 5.
    func saturation(_ tf: Double, _ length: Double) -> Double { tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / 5)) }

    @Test func textRelevanceIsBM25OverTheBestMatch() throws {
        let index = ScoringFixtures.index(corpus)
        let need = ScoringFixtures.need(title: "laser cutting")  // terms: cut, laser
        let idfLaser = log(1 + 0.5 / 3.5)  // df 3 of N 3
        let idfCut = log(1 + 2.5 / 1.5)    // df 1 of N 3
        let rawA = idfCut * saturation(2, 4) + idfLaser * saturation(2, 4)
        let rawB = idfLaser * saturation(2, 6)
        let rawC = idfLaser * saturation(1, 5)
        let expectedA = 1.0, expectedB = rawB / rawA, expectedC = rawC / rawA  // A is the best match
        #expect(rawA > rawB && rawB > rawC)

        let ranked = index.rank(need, filters: ScoringFixtures.filters(), weights: .textOnly, priorities: ScoringFixtures.noPriorities)
        #expect(ranked.map(\.candidate.id.id) == ["a", "b", "c"])
        #expect(abs(ranked[0].parts.textRelevance - expectedA) < 1e-12)
        #expect(abs(ranked[1].parts.textRelevance - expectedB) < 1e-12)
        #expect(abs(ranked[2].parts.textRelevance - expectedC) < 1e-12)
        #expect(abs(ranked[0].parts.total - expectedA) < 1e-12)
        #expect(ranked[0].matchedTerms == ["cut", "laser"])
        #expect(ranked[1].matchedTerms == ["laser"])
        #expect(ranked.allSatisfy { (0...1).contains($0.parts.textRelevance) })
    }

    /// The denominator is the best match the SME could use: A made the SME's own (or national in
    /// another country, or a closed call) leaves B as the best reachable match, scoring 1 and C
    /// rawC / rawB; a request filter that drops B changes no score of C.
    @Test func textRelevanceIsOverTheBestReachableMatchAndNoFilterChangesIt() throws {
        let need = ScoringFixtures.need(title: "laser cutting")
        let rawB = log(1 + 0.5 / 3.5) * saturation(2, 6)
        let rawC = log(1 + 0.5 / 3.5) * saturation(1, 5)
        let unreachableA = [
            ScoringFixtures.candidate("a", title: "Laser cutting", owner: "sme-1"),
            ScoringFixtures.candidate("a", title: "Laser cutting", country: "DK", access: .national),
            ScoringFixtures.candidate("a", title: "Laser cutting", closesOn: "2026-06-14"),
        ]
        for a in unreachableA {
            let index = ScoringFixtures.index([a] + corpus.dropFirst())
            let ranked = index.rank(need, filters: ScoringFixtures.filters(), weights: .textOnly, priorities: ScoringFixtures.noPriorities)
            #expect(ranked.map(\.candidate.id.id) == ["b", "c"])
            #expect(abs(ranked[0].parts.textRelevance - 1) < 1e-12)
            #expect(abs(ranked[1].parts.textRelevance - rawC / rawB) < 1e-12)
            let single = try #require(index.score(need, corpus[2], filters: ScoringFixtures.filters(), weights: .textOnly,
                                                  priorities: ScoringFixtures.noPriorities))
            #expect(abs(single.parts.textRelevance - rawC / rawB) < 1e-12)
        }
        // B in Germany filtered out by a country filter: C keeps the score it has beside B.
        let index = ScoringFixtures.index([ScoringFixtures.candidate("b", title: "Laser welding", description: "welding of steel"),
                                           ScoringFixtures.candidate("c", title: "Textile testing", description: "laser", country: "FI", nuts: "FI197")])
        let unfiltered = index.rank(need, filters: ScoringFixtures.filters(), weights: .textOnly, priorities: ScoringFixtures.noPriorities)
        let filtered = index.rank(need, filters: ScoringFixtures.filters(countries: ["FI"]), weights: .textOnly, priorities: ScoringFixtures.noPriorities)
        #expect(filtered.map(\.candidate.id.id) == ["c"])
        #expect(filtered.first?.parts == unfiltered.last?.parts)
        #expect((filtered.first?.parts.textRelevance ?? 1) < 1)
    }

    @Test func scoreOfOneCandidateEqualsItsRankedScore() throws {
        let index = ScoringFixtures.index(corpus)
        let need = ScoringFixtures.need(title: "Laser welding", description: "steel")
        let ranked = index.rank(need, filters: ScoringFixtures.filters(), weights: .defaults, priorities: ScoringFixtures.noPriorities)
        for answer in ranked {
            let single = try #require(index.score(need, answer.candidate, filters: ScoringFixtures.filters(), weights: .defaults,
                                                  priorities: ScoringFixtures.noPriorities))
            #expect(single == answer)
        }
        #expect(ranked.count == 3)
    }

    @Test func foldingAndStemmingMakeTheQueryFindItsForms() {
        let index = ScoringFixtures.index([
            ScoringFixtures.candidate("lodz", title: "Textile lab in Łódź"),
            ScoringFixtures.candidate("muller", title: "Müller Präzisionsteile"),
            ScoringFixtures.candidate("other", title: "Something else entirely"),
        ])
        let lodz = index.rank(ScoringFixtures.need(title: "lodz"), filters: ScoringFixtures.filters(), weights: .textOnly,
                              priorities: ScoringFixtures.noPriorities)
        #expect(lodz.map(\.candidate.id.id) == ["lodz"])
        #expect(lodz.first?.matchedTerms == ["lodz"])
        let muller = index.rank(ScoringFixtures.need(title: "MULLER"), filters: ScoringFixtures.filters(), weights: .textOnly,
                                priorities: ScoringFixtures.noPriorities)
        #expect(muller.map(\.candidate.id.id) == ["muller"])
        let labs = index.rank(ScoringFixtures.need(title: "labs"), filters: ScoringFixtures.filters(), weights: .textOnly,
                              priorities: ScoringFixtures.noPriorities)
        #expect(labs.map(\.candidate.id.id) == ["lodz"])
    }
}
