/// A need's text as a BM25 query over one index's statistics: its distinct terms (sorted, so
/// every path sums them in the same order) and their idfs.
struct TextQuery {
    let terms: [String]
    let idfs: [Double]

    init(_ need: NeedProfile, documents: Int, documentFrequency: (String) -> Int) {
        terms = AnalyzedText(need.text).distinctTerms
        idfs = terms.map { BM25.idf(documentFrequency: documentFrequency($0), documents: documents) }
    }

    /// A raw BM25 sum relative to the best one (``BM25``).
    static func relevance(_ sum: Double, best: Double) -> Double {
        best > 0 ? min(1, max(0, sum / best)) : 0
    }
}
