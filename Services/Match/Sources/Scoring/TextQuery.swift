/// A need's text as a BM25 query over one index's statistics: its distinct terms (sorted, so
/// every path sums them in the same order), their idfs and the normaliser.
struct TextQuery {
    let terms: [String]
    let idfs: [Double]
    /// Σ idf × (k1 + 1); 0 for a need without terms.
    let ceiling: Double

    init(_ need: NeedProfile, documents: Int, documentFrequency: (String) -> Int) {
        terms = AnalyzedText(need.text).distinctTerms
        idfs = terms.map { BM25.idf(documentFrequency: documentFrequency($0), documents: documents) }
        ceiling = BM25.ceiling(idfs: idfs)
    }

    /// The normalised relevance of a raw BM25 sum.
    func relevance(_ sum: Double) -> Double {
        ceiling > 0 ? min(1, max(0, sum / ceiling)) : 0
    }
}
