import Foundation

/// Okapi BM25 with k1 = 1.2, b = 0.75 and the non-negative idf ln(1 + (N − df + 0.5) / (df + 0.5)).
///
/// textRelevance = Σ_t idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl))  /  Σ_t idf(t)·(k1+1),
/// over the need's distinct terms t: the share of the highest score any document could reach for
/// this query (each term's saturation tends to k1+1), so it lies in 0..<1, does not depend on the
/// other candidates and is comparable between queries of different lengths.
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

    /// The normaliser: the best score a document could reach for terms with these idfs.
    public static func ceiling(idfs: [Double]) -> Double {
        idfs.reduce(0, +) * (k1 + 1)
    }
}
