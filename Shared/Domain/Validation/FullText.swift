/// Free-text search as every service offers it, over SQLite FTS5 tables tokenised with
/// `unicode61 remove_diacritics 2`.
public enum FullText {
    /// Words searched at most; more are ignored.
    public static let maxWords = 16

    /// The words of `text` as an FTS5 query: each word quoted (so no FTS syntax gets through)
    /// and matched as a prefix; all words must match. Nil when there is no word of letters or
    /// digits — callers refuse such a query ("no searchable words") rather than read it as no filter.
    public static func query(_ text: String) -> String? {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        guard !words.isEmpty else { return nil }
        return words.prefix(maxWords).map { "\"\($0)\"*" }.joined(separator: " ")
    }
}
