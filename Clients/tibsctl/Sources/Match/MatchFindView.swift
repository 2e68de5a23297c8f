import Foundation
import TIBSProto

/// The FindMatches answer for people: per need a heading line and a table of its ranked candidates
/// with the total and every named score part (docs/match.md gives the formula), `--explain` adding
/// the matched terms. Pure functions of the message.
enum MatchFindView {
    static let partHeader = ["TOTAL", "TEXT", "S3", "NACE", "BORDER", "PRIORITY", "TRL/STAGE", "AVAIL"]

    /// A score as the tables print it: three decimals, the same for every part and the total.
    static func score(_ value: Double) -> String { String(format: "%.3f", value) }

    /// The total, then the parts in the proto's order.
    static func parts(_ score: Tibs_Match_V1_ScoreParts) -> [Double] {
        [score.total, score.textRelevance, score.s3Overlap, score.naceFit, score.crossBorder, score.s3Priority,
         score.trlStageFit, score.availability]
    }

    /// "LT/LT011", or the country alone, or "-".
    static func region(_ region: Tibs_Common_V1_RegionRef) -> String {
        switch (region.country.isEmpty, region.nutsCode.isEmpty) {
        case (false, false): "\(region.country)/\(region.nutsCode)"
        case (false, true): region.country
        case (true, false): region.nutsCode
        case (true, true): "-"
        }
    }

    /// The need's line above its table; escaped like the table's cells.
    static func heading(_ need: Tibs_Match_V1_NeedMatches) -> String {
        let count = need.candidates.count
        return TerminalText.escape("need \(need.needID) \"\(need.needTitle)\" of \(need.smeID) in \(region(need.region)): "
            + (count == 0 ? "no candidates" : count == 1 ? "1 candidate" : "\(count) candidates"))
    }

    static func table(_ need: Tibs_Match_V1_NeedMatches, explain: Bool) -> Table {
        var header = ["RANK", "CANDIDATE", "OWNER", "KIND", "REGION"] + partHeader + ["ID"]
        if explain { header.append("MATCHED TERMS") }
        return Table(header: header, rows: need.candidates.map { candidate in
            var row = [String(candidate.rank), candidate.title, candidate.owner.isEmpty ? "-" : candidate.owner,
                       CandidateKindWord.word(candidate.kind), region(candidate.region)]
            row += parts(candidate.score).map(score)
            row.append(candidate.id)
            if explain { row.append(candidate.matchedTerms.isEmpty ? "-" : candidate.matchedTerms.joined(separator: " ")) }
            return row
        }, maxCell: 48)
    }

    /// Every need's heading and table, blank-line separated; a line when there is no open need.
    static func render(_ response: Tibs_Match_V1_FindMatchesResponse, explain: Bool) -> String {
        guard !response.needs.isEmpty else { return "no open need" }
        return response.needs.map { need in
            need.candidates.isEmpty ? heading(need) : heading(need) + "\n" + table(need, explain: explain).render()
        }.joined(separator: "\n\n")
    }

    /// The warning for standard error when some upstream is not live, nil when every one is.
    static func staleWarning(_ response: Tibs_Match_V1_FindMatchesResponse) -> String? {
        guard !response.staleUpstreams.isEmpty else { return nil }
        return "warning: stale upstreams (answered from what the replica had): " + response.staleUpstreams.joined(separator: ", ")
    }
}
