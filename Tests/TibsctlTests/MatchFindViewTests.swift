import Foundation
import Testing
import TIBSProto
@testable import TIBSCtlKit

// The FindMatches renderer on a hand-built answer: every candidate's rank, title, kind, region, total
// and each named part in the table; the matched terms with --explain; the stale warning; the match
// detail with its teaser, steps and consent.

func scoreParts(_ values: [Double]) -> Tibs_Match_V1_ScoreParts {
    var parts = Tibs_Match_V1_ScoreParts()
    parts.textRelevance = values[0]
    parts.s3Overlap = values[1]
    parts.naceFit = values[2]
    parts.crossBorder = values[3]
    parts.s3Priority = values[4]
    parts.trlStageFit = values[5]
    parts.availability = values[6]
    // The documented default weights (ScoreWeights.defaults): the total is their weighted sum.
    let weights = [0.40, 0.15, 0.15, 0.10, 0.08, 0.07, 0.05]
    parts.total = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
    return parts
}

func matchRegion(_ country: String, _ nuts: String) -> Tibs_Common_V1_RegionRef {
    var region = Tibs_Common_V1_RegionRef()
    region.country = country
    region.nutsCode = nuts
    return region
}

func candidate(_ rank: UInt32, _ id: String, _ title: String, _ kind: Tibs_Match_V1_CandidateKind, owner: String,
               region: Tibs_Common_V1_RegionRef, parts: [Double], terms: [String]) -> Tibs_Match_V1_Candidate {
    var candidate = Tibs_Match_V1_Candidate()
    candidate.rank = rank
    candidate.id = id
    candidate.title = title
    candidate.kind = kind
    candidate.owner = owner
    candidate.region = region
    candidate.score = scoreParts(parts)
    candidate.matchedTerms = terms
    candidate.upstream = String(id.split(separator: "/")[0])
    return candidate
}

func sampleFindAnswer(stale: [String] = []) -> Tibs_Match_V1_FindMatchesResponse {
    var need = Tibs_Match_V1_NeedMatches()
    need.needID = "registry-lv/0193-need"
    need.needTitle = "Cold-chain sensors for Łódź dairies"
    need.smeID = "registry-lv/0193-sme"
    need.region = matchRegion("LV", "LV008")
    need.candidates = [
        candidate(1, "registry-lt/0193-offer", "IoT cold-chain monitoring", .partnerOffer, owner: "an SME in LT011, NACE 62.01",
                  region: matchRegion("LT", "LT011"), parts: [0.9, 0.5, 1, 1, 0.6, 0.75, 1], terms: ["cold", "chain", "sensor"]),
        candidate(2, "catalogue-pl/0193-res", "Food tech test lab", .resource, owner: "Politechnika Łódzka",
                  region: matchRegion("PL", "PL711"), parts: [0.4, 1, 0.3333, 1, 0, 0.5, 0.5], terms: ["lodz"]),
    ]
    var empty = Tibs_Match_V1_NeedMatches()
    empty.needID = "registry-lv/0193-other"
    empty.needTitle = "Export partner in Finland"
    empty.smeID = need.smeID
    empty.region = need.region
    var answer = Tibs_Match_V1_FindMatchesResponse()
    answer.needs = [need, empty]
    answer.staleUpstreams = stale
    return answer
}

/// The words of a table line (cells split at spaces).
func words(_ line: String) -> [String] { line.split(separator: " ").map(String.init) }

/// Whether `run` occurs in `items` as consecutive elements.
func containsRun(_ items: [String], _ run: [String]) -> Bool {
    guard run.count <= items.count else { return false }
    return (0...(items.count - run.count)).contains { Array(items[$0..<($0 + run.count)]) == run }
}

@Suite struct MatchFindViewTests {
    @Test func theTableHasRankCandidateKindRegionTotalAndEachPart() throws {
        let answer = sampleFindAnswer()
        let text = MatchFindView.render(answer, explain: false)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "need registry-lv/0193-need \"Cold-chain sensors for Łódź dairies\" of registry-lv/0193-sme in LV/LV008: 2 candidates")
        #expect(lines[1].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            == ["RANK", "CANDIDATE", "OWNER", "KIND", "REGION", "TOTAL", "TEXT", "S3", "NACE", "BORDER", "PRIORITY", "TRL/STAGE", "AVAIL", "ID"])
        for (line, candidate) in zip(lines[2...3], answer.needs[0].candidates) {
            #expect(line.hasPrefix("\(candidate.rank)     \(candidate.title)"), "\(line)")
            #expect(line.contains(CandidateKindWord.word(candidate.kind)) && line.contains("\(candidate.region.country)/\(candidate.region.nutsCode)"))
            let numbers = MatchFindView.parts(candidate.score).map { String(format: "%.3f", $0) }
            #expect(containsRun(words(line), numbers), "total then every part, in order: \(line)")
            #expect(line.hasSuffix(candidate.id))
        }
        // Worked out from the default weights (0.8355): 0.4·0.9 + 0.15·0.5 + 0.15·1 + 0.1·1 + 0.08·0.6 + 0.07·0.75 + 0.05·1.
        #expect(containsRun(words(lines[2]), ["0.836", "0.900", "0.500", "1.000", "1.000", "0.600", "0.750", "1.000"]), "\(lines[2])")
        #expect(lines[2].contains("an SME in LT011, NACE 62.01"), "the teaser stands in for the owner")
        #expect(!text.contains("MATCHED TERMS") && !text.contains("cold chain sensor"))
        #expect(lines[4] == "" && lines[5] == "need registry-lv/0193-other \"Export partner in Finland\" of registry-lv/0193-sme in LV/LV008: no candidates")
        #expect(lines.count == 6)
    }

    @Test func explainAddsTheMatchedTerms() throws {
        let lines = MatchFindView.render(sampleFindAnswer(), explain: true).split(separator: "\n").map(String.init)
        #expect(words(lines[1]).suffix(3) == ["ID", "MATCHED", "TERMS"])
        #expect(lines[2].hasSuffix("registry-lt/0193-offer  cold chain sensor") && lines[3].hasSuffix("catalogue-pl/0193-res   lodz"), "\(lines)")
    }

    @Test func staleUpstreamsAreAWarningLineAndNoneWhenEveryUpstreamIsLive() throws {
        #expect(MatchFindView.staleWarning(sampleFindAnswer()) == nil)
        #expect(MatchFindView.staleWarning(sampleFindAnswer(stale: ["catalogue-lv", "policy-lt"]))
            == "warning: stale upstreams (answered from what the replica had): catalogue-lv, policy-lt")
        #expect(MatchFindView.render(Tibs_Match_V1_FindMatchesResponse(), explain: false) == "no open need")
    }

    @Test func hostileTitlesCannotDriveTheTerminal() throws {
        var answer = sampleFindAnswer()
        answer.needs[0].candidates[0].title = "Lab\u{1B}[31m red \u{202E}txt"
        let text = MatchFindView.render(answer, explain: false)
        #expect(!text.unicodeScalars.contains("\u{1B}") && !text.unicodeScalars.contains("\u{202E}"))
        #expect(text.contains("Lab\\u{1B}[31m red \\u{202E}txt"))
    }

    @Test func theMatchDetailShowsTheTeaserUntilIntroducedThenTheName() throws {
        var match = Tibs_Match_V1_Match()
        match.id = "0193-match"
        match.state = .shortlisted
        match.needID = "registry-lv/0193-need"
        match.smeID = "registry-lv/0193-sme"
        match.needRegion = matchRegion("LV", "LV008")
        match.candidate = sampleFindAnswer().needs[0].candidates[0]
        match.candidateRegion = matchRegion("LT", "LT011")
        match.transnational = true
        match.awaiting = .candidate
        match.respondBy = "2026-03-16"
        match.teaser = true
        match.smeTeaser = "an SME in LV008, NACE 62.01, 10-49 staff"
        match.version = 2
        var step = Tibs_Match_V1_MatchStep()
        step.from = .proposed
        step.to = .shortlisted
        step.actor = "anna.ozola@vidzeme"
        step.actorSide = .need
        step.at = .init(seconds: 1_772_000_000)
        step.note = "good fit"
        match.steps = [step]
        let teaser = MatchView.detail(match).render()
        #expect(teaser.contains("an SME in LV008, NACE 62.01, 10-49 staff (teaser)") && teaser.contains("candidate side by 2026-03-16"), "\(teaser)")
        #expect(teaser.contains("proposed → shortlisted at 2026-02-25T06:13:20Z by anna.ozola@vidzeme (need side): good fit"), "\(teaser)")
        #expect(teaser.contains("total 0.836, text 0.900, s3 0.500"), "the score as proposed: \(teaser)")

        match.state = .introduced
        match.teaser = false
        match.smeName = "Valmiera Sensors SIA"
        match.consent.givenBy = "CEO"
        match.consent.givenOn = "2026-03-02"
        match.consent.recordedBy = "anna.ozola@vidzeme"
        let shown = MatchView.detail(match).render()
        #expect(shown.contains("Valmiera Sensors SIA [registry-lv/0193-sme]") && !shown.contains("(teaser)"), "\(shown)")
        #expect(shown.contains("given by CEO on 2026-03-02, recorded by anna.ozola@vidzeme"))
        #expect(MatchView.listRow(match) == ["0193-match", "introduced", "Valmiera Sensors SIA", "IoT cold-chain monitoring", "LV/LV008",
                                            "LT/LT011", "candidate side by 2026-03-16", "0.836", "2"])
    }

    @Test func anAlertIsOneLineWithTheCandidateAndItsParts() throws {
        var alert = Tibs_Match_V1_CandidateAlert()
        alert.needID = "registry-lv/0193-need"
        alert.needTitle = "Cold-chain sensors"
        alert.candidate = sampleFindAnswer().needs[0].candidates[1]
        alert.detectedAt = .init(seconds: 1_772_000_000)
        #expect(MatchView.alert(alert) == "2026-02-25T06:13:20Z need registry-lv/0193-need \"Cold-chain sensors\": Food tech test lab "
            + "(resource, PL/PL711) [catalogue-pl/0193-res] total 0.520 — text 0.400 s3 1.000 nace 0.333 border 1.000 priority 0.000 "
            + "trl/stage 0.500 avail 0.500")
    }

    @Test func duplicatesAreOneRowPerRegistration() throws {
        var duplicate = Tibs_Match_V1_LikelyDuplicate()
        duplicate.reason = .sameRegistrationID
        duplicate.country = "LV"
        duplicate.key = "40003123456"
        for (upstream, name) in [("registry-lv", "Valmiera Sensors SIA"), ("registry-lt", "Valmiera Sensors")] {
            var entry = Tibs_Match_V1_DuplicateEntry()
            entry.smeID = upstream + "/0193"
            entry.upstream = upstream
            entry.legalName = name
            entry.region = matchRegion("LV", "LV008")
            duplicate.entries.append(entry)
        }
        let rows = MatchView.duplicates([duplicate]).rows
        #expect(rows == [["LV", "same registration id", "40003123456", "registry-lv/0193", "registry-lv", "Valmiera Sensors SIA", "LV/LV008"],
                         ["LV", "same registration id", "40003123456", "registry-lt/0193", "registry-lt", "Valmiera Sensors", "LV/LV008"]])
    }
}
