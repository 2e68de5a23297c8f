import Foundation

/// Okapi BM25 with k1 = 1.2, b = 0.75 and the non-negative idf ln(1 + (N − df + 0.5) / (df + 0.5)).
///
/// bm25(q, d) = Σ_t idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl)) over the need's distinct
/// terms t (tf and dl weighted by field, ``AnalyzedText``), and
/// textRelevance = bm25(q, d) / max over the reachable indexed candidates d′ (and d itself) of
/// bm25(q, d′): the best text match the SME could use scores 1. Normalising by the best achieved
/// score (rather than by the unreachable Σ idf·(k1+1), which left long needs' best matches near
/// 0.2) puts text on the same 0...1 scale as the structured parts. Reachable: not the SME's own,
/// open to it, window open on the day (``CandidateRules/isReachable(_:for:on:)``) — the request's
/// filters are not applied, so a candidate's score does not change with them, and a candidate
/// the SME could never use (another country's national scheme) does not shrink everyone else's.
public enum BM25 {
    public static let k1 = 1.2
    public static let b = 0.75

    /// The inverse document frequency of a term in `df` of `documents` documents.
    public static func idf(documentFrequency df: Int, documents: Int) -> Double {
        log(1 + (Double(documents) - Double(df) + 0.5) / (Double(df) + 0.5))
    }

    /// One term's contribution before its idf: tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl)).
    public static func saturation(tf: Double, length: Double, averageLength: Double) -> Double {
        guard tf > 0 else { return 0 }
        let ratio = averageLength > 0 ? length / averageLength : 1
        return tf * (k1 + 1) / (tf + k1 * (1 - b + b * ratio))
    }

}
