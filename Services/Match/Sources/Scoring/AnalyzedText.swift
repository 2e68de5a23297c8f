/// A need's or candidate's text as weighted term frequencies, the BM25F-style document BM25 reads.
///
/// Field weights: a term in the title counts 2, in a keyword 2, in the description 1; the
/// document length is the weighted token count. Titles and keywords are what a broker writes to
/// say what a thing *is*; descriptions also say what it is not.
public struct AnalyzedText: Sendable, Hashable {
    public static let titleWeight = 2.0
    public static let keywordWeight = 2.0
    public static let descriptionWeight = 1.0

    /// Term → weighted frequency.
    public var frequencies: [String: Double]
    /// Σ field weight × terms in that field.
    public var length: Double

    public init(_ text: MatchText) {
        var frequencies: [String: Double] = [:]
        var length = 0.0
        func add(_ source: String, weight: Double) {
            for term in TextAnalyzer.terms(source) {
                frequencies[term, default: 0] += weight
                length += weight
            }
        }
        add(text.title, weight: Self.titleWeight)
        add(text.description, weight: Self.descriptionWeight)
        for keyword in text.keywords { add(keyword, weight: Self.keywordWeight) }
        self.frequencies = frequencies
        self.length = length
    }

    /// The distinct terms, sorted: a query's terms.
    public var distinctTerms: [String] { frequencies.keys.sorted() }
}
