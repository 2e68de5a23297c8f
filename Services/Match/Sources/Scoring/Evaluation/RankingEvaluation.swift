import Foundation

/// The judged set's figures for one weight set: what a change of weights or text analysis does
/// to the answers a broker would accept. Each need is ranked with `limit` 10 on the set's day.
public struct RankingEvaluation: Sendable, Hashable {
    public var needs: Int
    /// Mean over needs of |relevant ∩ top 5| / 5 (a need with fewer than 5 relevant candidates
    /// cannot reach 1).
    public var precisionAt5: Double
    /// Mean over needs of DCG@10 / ideal DCG@10 with binary gains: Σ rel_i / log2(i + 1).
    public var ndcgAt10: Double
    /// Wrong candidates found in a top 3, over all needs.
    public var wrongInTop3: Int
    /// wrongInTop3 / (3 × needs): the share of top-3 places taken by a wrong candidate.
    public var wrongInTop3Rate: Double

    public init(needs: Int, precisionAt5: Double, ndcgAt10: Double, wrongInTop3: Int, wrongInTop3Rate: Double) {
        self.needs = needs
        self.precisionAt5 = precisionAt5
        self.ndcgAt10 = ndcgAt10
        self.wrongInTop3 = wrongInTop3
        self.wrongInTop3Rate = wrongInTop3Rate
    }

    /// Ranks every need of the set with `weights` and scores the answers.
    public static func evaluate(_ set: JudgedSet, weights: ScoreWeights) -> RankingEvaluation {
        evaluate(set, index: set.index(), weights: weights)
    }

    /// As ``evaluate(_:weights:)`` over an index already built from the set.
    public static func evaluate(_ set: JudgedSet, index: MatchIndex, weights: ScoreWeights) -> RankingEvaluation {
        let filters = MatchFilters(limit: 10, onDate: set.onDate)
        let lookup = set.priorityLookup
        var precision = 0.0, ndcg = 0.0, wrong = 0
        for judged in set.needs {
            let ranked = index.rank(judged.need, filters: filters, weights: weights, priorities: lookup).map(\.candidate.id)
            let figures = figures(ranked: ranked, judged: judged)
            precision += figures.precisionAt5
            ndcg += figures.ndcgAt10
            wrong += figures.wrongInTop3
        }
        let count = set.needs.count
        guard count > 0 else { return RankingEvaluation(needs: 0, precisionAt5: 0, ndcgAt10: 0, wrongInTop3: 0, wrongInTop3Rate: 0) }
        return RankingEvaluation(needs: count, precisionAt5: precision / Double(count), ndcgAt10: ndcg / Double(count),
                                 wrongInTop3: wrong, wrongInTop3Rate: Double(wrong) / Double(3 * count))
    }

    /// One need's figures for a ranking (best first).
    public static func figures(ranked: [QualifiedID], judged: JudgedNeed) -> (precisionAt5: Double, ndcgAt10: Double, wrongInTop3: Int) {
        let relevant = Set(judged.relevant), wrong = Set(judged.wrong)
        let precision = Double(ranked.prefix(5).filter(relevant.contains).count) / 5
        var dcg = 0.0
        for (position, id) in ranked.prefix(10).enumerated() where relevant.contains(id) { dcg += 1 / log2(Double(position) + 2) }
        var ideal = 0.0
        for position in 0..<min(relevant.count, 10) { ideal += 1 / log2(Double(position) + 2) }
        let wrongCount = ranked.prefix(3).filter(wrong.contains).count
        return (precision, ideal > 0 ? dcg / ideal : 0, wrongCount)
    }

    /// One line per need: its figures, then the top 5 with each candidate marked `+` (relevant),
    /// `!` (wrong) or ` ` (unjudged) — what `tibs-match evaluate --details` prints to show which
    /// need a change of weights or text analysis moved.
    public static func details(_ set: JudgedSet, index: MatchIndex, weights: ScoreWeights) -> String {
        let filters = MatchFilters(limit: 10, onDate: set.onDate)
        let lookup = set.priorityLookup
        var lines: [String] = []
        for judged in set.needs {
            let ranked = index.rank(judged.need, filters: filters, weights: weights, priorities: lookup).map(\.candidate.id)
            let figures = figures(ranked: ranked, judged: judged)
            let relevant = Set(judged.relevant), wrong = Set(judged.wrong)
            let top = ranked.prefix(5).map { id in (relevant.contains(id) ? "+" : wrong.contains(id) ? "!" : " ") + id.description }
            lines.append("\(judged.need.id)  P@5 \(String(format: "%.1f", figures.precisionAt5))  nDCG@10 \(String(format: "%.3f", figures.ndcgAt10))"
                         + "  wrong in top 3 \(figures.wrongInTop3)  \(judged.need.text.title)")
            lines.append("    " + top.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    /// A side-by-side table of named evaluations, one row per weight set.
    public static func table(_ rows: [(name: String, evaluation: RankingEvaluation)]) -> String {
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        let width = max(12, rows.map(\.name.count).max() ?? 0) + 2
        var lines = [pad("weights", width) + "needs  precision@5  nDCG@10  wrong in top 3"]
        for row in rows {
            let e = row.evaluation
            lines.append(pad(row.name, width) + pad(String(e.needs), 7) + pad(String(format: "%.3f", e.precisionAt5), 13)
                         + pad(String(format: "%.3f", e.ndcgAt10), 9) + "\(e.wrongInTop3) (\(String(format: "%.1f", e.wrongInTop3Rate * 100))%)")
        }
        return lines.joined(separator: "\n")
    }
}
