/// The coarse grid the default weights were chosen on (``ScoreWeights/defaults``): every
/// combination of the structured parts' candidate weights, text relevance taking the rest of 1.
/// `tibs-match evaluate --grid` re-runs it, so the choice can be repeated after a change of
/// text analysis, normalisation or judged set instead of trusted.
public enum WeightGrid {
    public static let s3Overlap = [0.05, 0.10, 0.15]
    public static let naceFit = [0.03, 0.06, 0.10]
    public static let crossBorder = [0.03, 0.06, 0.10]
    public static let s3Priority = [0.0, 0.03, 0.06]
    public static let trlStageFit = [0.02, 0.05]
    public static let availability = [0.02, 0.05]

    /// The 216 weight sets of the grid, each summing to 1.
    public static var all: [ScoreWeights] {
        var sets: [ScoreWeights] = []
        for s3 in s3Overlap { for nace in naceFit { for border in crossBorder { for priority in s3Priority {
            for trl in trlStageFit { for availability in availability {
                let text = 1 - (s3 + nace + border + priority + trl + availability)
                sets.append(ScoreWeights(textRelevance: text, s3Overlap: s3, naceFit: nace, crossBorder: border, s3Priority: priority,
                                         trlStageFit: trl, availability: availability))
            } }
        } } } }
        return sets
    }

    /// Every grid set evaluated, best first: fewest wrong in a top 3, then highest nDCG@10, then
    /// highest precision@5 (ties in the grid's order).
    public static func ranked(_ set: JudgedSet, index: MatchIndex) -> [(weights: ScoreWeights, evaluation: RankingEvaluation)] {
        let evaluated = all.enumerated().map { ($0.offset, $0.element, RankingEvaluation.evaluate(set, index: index, weights: $0.element)) }
        return evaluated.sorted { a, b in
            if a.2.wrongInTop3 != b.2.wrongInTop3 { return a.2.wrongInTop3 < b.2.wrongInTop3 }
            if a.2.ndcgAt10 != b.2.ndcgAt10 { return a.2.ndcgAt10 > b.2.ndcgAt10 }
            if a.2.precisionAt5 != b.2.precisionAt5 { return a.2.precisionAt5 > b.2.precisionAt5 }
            return a.0 < b.0
        }.map { ($0.1, $0.2) }
    }

    /// A weight set in one short line: `text 0.59 s3 0.15 nace 0.06 border 0.10 priority 0.06 trl 0.02 avail 0.02`.
    public static func label(_ w: ScoreWeights) -> String {
        [("text", w.textRelevance), ("s3", w.s3Overlap), ("nace", w.naceFit), ("border", w.crossBorder), ("priority", w.s3Priority),
         ("trl", w.trlStageFit), ("avail", w.availability)].map { "\($0.0) \(String(format: "%.2f", $0.1))" }.joined(separator: " ")
    }
}
