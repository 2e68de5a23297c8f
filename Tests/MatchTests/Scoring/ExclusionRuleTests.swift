import Testing
import TIBSMatch

/// Every rule that keeps a candidate out, through both rank and score.
@Suite struct ExclusionRuleTests {
    let need = ScoringFixtures.need(title: "sensor calibration", sme: "sme-lv", country: "LV", nuts: "LV006")

    func ids(_ candidates: [CandidateProfile], _ filters: MatchFilters = ScoringFixtures.filters(), need: NeedProfile? = nil) -> [String] {
        let index = ScoringFixtures.index(candidates)
        let asked = need ?? self.need
        let ranked = index.rank(asked, filters: filters, weights: .defaults, priorities: ScoringFixtures.noPriorities).map(\.candidate.id.id)
        let scored = candidates.filter {
            index.score(asked, $0, filters: filters, weights: .defaults, priorities: ScoringFixtures.noPriorities) != nil
        }.map(\.id.id)
        #expect(Set(ranked) == Set(scored), "rank and score disagree")
        return ranked.sorted()
    }

    @Test func theNeedsOwnSMEIsNeverMatched() {
        let own = ScoringFixtures.candidate("own", title: "sensor calibration", kind: .partnerOffer, owner: "sme-lv")
        let other = ScoringFixtures.candidate("other", title: "sensor calibration", kind: .partnerOffer, owner: "sme-de")
        #expect(ids([own, other]) == ["other"])
    }

    @Test func theAccessRuleExcludes() {
        let candidates = [
            ScoringFixtures.candidate("regional-here", title: "sensor", country: "LV", nuts: "LV00", access: .regional),
            ScoringFixtures.candidate("regional-there", title: "sensor", country: "LV", nuts: "LV008", access: .regional),
            ScoringFixtures.candidate("national-here", title: "sensor", country: "LV", nuts: "LV008", access: .national),
            ScoringFixtures.candidate("national-there", title: "sensor", country: "PL", nuts: "PL711", access: .national),
            ScoringFixtures.candidate("open", title: "sensor", country: "PL", nuts: "PL711"),
            ScoringFixtures.candidate("for-lv", title: "sensor", country: "PL", nuts: "PL711", eligible: ["LT", "LV"]),
            ScoringFixtures.candidate("not-for-lv", title: "sensor", country: "PL", nuts: "PL711", eligible: ["DE"]),
        ]
        #expect(ids(candidates) == ["for-lv", "national-here", "open", "regional-here"])
    }

    @Test func programmesOutsideTheirWindowOnTheDayAreExcluded() {
        let candidates = [
            ScoringFixtures.candidate("open", title: "sensor", kind: .supportProgramme, opensOn: "2026-01-01", closesOn: "2026-12-31"),
            ScoringFixtures.candidate("closes-today", title: "sensor", kind: .supportProgramme, closesOn: "2026-06-15"),
            ScoringFixtures.candidate("opens-today", title: "sensor", kind: .supportProgramme, opensOn: "2026-06-15"),
            ScoringFixtures.candidate("closed", title: "sensor", kind: .supportProgramme, closesOn: "2026-06-14"),
            ScoringFixtures.candidate("not-yet", title: "sensor", kind: .supportProgramme, opensOn: "2026-06-16"),
        ]
        #expect(ids(candidates) == ["closes-today", "open", "opens-today"])
    }

    @Test func aClosedNeedHasNoAnswers() {
        let closed = ScoringFixtures.need(title: "sensor", isOpen: false)
        let candidate = ScoringFixtures.candidate("a", title: "sensor")
        #expect(ids([candidate], need: closed) == [])
    }

    @Test func candidatesSharingNothingAreDropped() {
        let need = ScoringFixtures.need(title: "sensor", s3: ["ict"], nace: ["62.01"])
        let candidates = [
            ScoringFixtures.candidate("text", title: "sensor"),
            ScoringFixtures.candidate("s3", title: "valve", s3: ["ict"]),
            ScoringFixtures.candidate("division", title: "valve", nace: ["62.09"]),
            ScoringFixtures.candidate("section-only", title: "valve", nace: ["63.11"]),
            ScoringFixtures.candidate("nothing", title: "valve", s3: ["energy"], nace: ["25.62"]),
        ]
        #expect(ids(candidates, need: need) == ["division", "s3", "text"])
    }

    @Test func filtersOnKindCountryBorderAndTRL() {
        let candidates = [
            ScoringFixtures.candidate("res-lv", title: "sensor", country: "LV", nuts: "LV006", trl: 3...5),
            ScoringFixtures.candidate("prog-pl", title: "sensor", kind: .supportProgramme, country: "PL", nuts: "PL711"),
            ScoringFixtures.candidate("offer-de", title: "sensor", kind: .partnerOffer, country: "DE", nuts: "DE300", trl: 7...7),
        ]
        #expect(ids(candidates, ScoringFixtures.filters(kinds: [.resource, .partnerOffer])) == ["offer-de", "res-lv"])
        #expect(ids(candidates, ScoringFixtures.filters(countries: ["PL", "DE"])) == ["offer-de", "prog-pl"])
        #expect(ids(candidates, ScoringFixtures.filters(transnationalOnly: true)) == ["offer-de", "prog-pl"])
        #expect(ids(candidates, ScoringFixtures.filters(minTRL: 5)) == ["offer-de", "res-lv"])
        #expect(ids(candidates, ScoringFixtures.filters(minTRL: 6)) == ["offer-de"])
        #expect(ids(candidates, ScoringFixtures.filters(minTRL: 8)) == [])
        #expect(ids(candidates) == ["offer-de", "prog-pl", "res-lv"])
    }
}
