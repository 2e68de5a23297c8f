import Foundation
import Testing
import TIBSTestSupport
import TIBSMatch

/// Ties, limits, determinism and keeping the index current.
@Suite struct RankingOrderTests {
    let need = ScoringFixtures.need(title: "sensor")

    func rank(_ index: MatchIndex, limit: Int = 20) -> [String] {
        index.rank(need, filters: ScoringFixtures.filters(limit: limit), weights: .defaults, priorities: ScoringFixtures.noPriorities)
            .map(\.candidate.id.id)
    }

    @Test func tiesAreBrokenByIDAndTheLimitKeepsTheBest() {
        let twins = ["m", "c", "x", "a", "k"].map { ScoringFixtures.candidate($0, title: "sensor") }
        let index = ScoringFixtures.index(twins)
        #expect(rank(index) == ["a", "c", "k", "m", "x"])
        #expect(rank(index, limit: 2) == ["a", "c"])
        #expect(rank(index, limit: 1) == ["a"])
        let better = ScoringFixtures.candidate("z", title: "sensor", capacity: true)
        var withBetter = index
        withBetter.upsert(better)
        #expect(rank(withBetter, limit: 2) == ["z", "a"])
    }

    @Test func theOrderDoesNotDependOnInsertionOrder() {
        let candidates = (0..<60).map { number in
            ScoringFixtures.candidate(String(format: "c%02d", number), title: number % 3 == 0 ? "sensor sensor" : "sensor",
                                      description: String(repeating: "word ", count: number % 7), capacity: number % 2 == 0)
        }
        let forward = rank(ScoringFixtures.index(candidates), limit: 25)
        let backward = rank(ScoringFixtures.index(candidates.reversed()), limit: 25)
        var generator = SeededGenerator(seed: 7)
        let shuffled = rank(ScoringFixtures.index(candidates.shuffled(using: &generator)), limit: 25)
        #expect(forward.count == 25)
        #expect(forward == backward)
        #expect(forward == shuffled)
        let full = ScoringFixtures.index(candidates).rank(need, filters: ScoringFixtures.filters(limit: 100), weights: .defaults,
                                                          priorities: ScoringFixtures.noPriorities)
        let sorted = full.sorted { $0.parts.total != $1.parts.total ? $0.parts.total > $1.parts.total : $0.candidate.id < $1.candidate.id }
        #expect(full.map(\.candidate.id) == sorted.map(\.candidate.id))
        #expect(Array(full.prefix(25).map(\.candidate.id.id)) == forward)
    }

    @Test func upsertReplacesAndRemoveForgets() {
        var index = ScoringFixtures.index([ScoringFixtures.candidate("a", title: "sensor"), ScoringFixtures.candidate("b", title: "sensor")])
        #expect(index.count == 2)
        index.upsert(ScoringFixtures.candidate("a", title: "valve"))
        #expect(index.count == 2)
        #expect(index.candidate(ScoringFixtures.id("a"))?.text.title == "valve")
        #expect(rank(index) == ["b"])
        index.remove(ScoringFixtures.id("b"))
        index.remove(ScoringFixtures.id("unknown"))
        #expect(index.count == 1)
        #expect(index.candidate(ScoringFixtures.id("b")) == nil)
        #expect(rank(index) == [])
    }

    @Test func manyRemovalsCompactWithoutChangingScores() throws {
        var index = MatchIndex()
        for number in 0..<1500 { index.upsert(ScoringFixtures.candidate(String(format: "c%04d", number), title: "sensor \(number)")) }
        for number in 1..<1500 { index.remove(ScoringFixtures.id(String(format: "c%04d", number))) }
        #expect(index.count == 1)
        let fresh = ScoringFixtures.index([ScoringFixtures.candidate("c0000", title: "sensor 0")])
        let compacted = index.rank(need, filters: ScoringFixtures.filters(), weights: .defaults, priorities: ScoringFixtures.noPriorities)
        let expected = fresh.rank(need, filters: ScoringFixtures.filters(), weights: .defaults, priorities: ScoringFixtures.noPriorities)
        #expect(compacted == expected)
        #expect(compacted.count == 1)
        index.upsert(ScoringFixtures.candidate("new", title: "sensor"))
        #expect(rank(index) == ["new", "c0000"])
    }

    @Test func anEmptyIndexOrZeroLimitAnswersNothing() {
        #expect(rank(MatchIndex()) == [])
        #expect(rank(ScoringFixtures.index([ScoringFixtures.candidate("a", title: "sensor")]), limit: 0) == [])
        let scored = MatchIndex().score(need, ScoringFixtures.candidate("a", title: "sensor"), filters: ScoringFixtures.filters(),
                                        weights: .defaults, priorities: ScoringFixtures.noPriorities)
        // Alone, it is its own best text match.
        #expect(scored?.parts.textRelevance == 1)
        #expect(scored?.matchedTerms == ["sensor"])
    }
}
