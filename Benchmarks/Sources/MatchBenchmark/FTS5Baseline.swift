import Foundation
import GRDB
import TIBSMatch

/// The baseline: SQLite FTS5 alone over the same candidate texts (every offer and resource the
/// generator made; field weights as the index's, title 2, description 1, keywords 2), asked the
/// need's words OR-ed and ranked by `bm25()`, top 20. Porter stemming and unicode61 without
/// diacritics are FTS5's nearest to the index's folding and light stemming. Reads through a
/// pool, so 8 callers read at once.
struct FTS5Baseline {
    let pool: DatabasePool

    init(directory: URL, smes: Int, resources: Int) throws {
        var configuration = Configuration()
        configuration.maximumReaderCount = 8
        pool = try DatabasePool(path: directory.appendingPathComponent("fts5.sqlite").path, configuration: configuration)
        try pool.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE docs USING fts5(title, description, keywords, tokenize = 'porter unicode61 remove_diacritics 2')")
            let insert = try db.makeStatement(sql: "INSERT INTO docs (title, description, keywords) VALUES (?, ?, ?)")
            for index in 0..<smes {
                let text = MatchRows.text(index, salt: MatchRows.offerSalt)
                try insert.execute(arguments: [text.title, text.description, text.keywords.joined(separator: " ")])
            }
            for index in 0..<resources {
                let text = MatchRows.resourceText(index)
                try insert.execute(arguments: [text.title, text.description, text.keywords.joined(separator: " ")])
            }
            try db.execute(sql: "INSERT INTO docs (docs) VALUES ('optimize')")
        }
    }

    /// The need's distinct words, each quoted, OR-ed: FTS5's form of the same text query.
    static func query(_ text: MatchText) -> String {
        let words = (text.title + " " + text.description + " " + text.keywords.joined(separator: " "))
            .lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        var seen = Set<String>()
        return words.filter { $0.count > 1 && seen.insert($0).inserted }.map { "\"\($0)\"" }.joined(separator: " OR ")
    }

    func top20(_ query: String) async throws {
        try await pool.read { db in
            let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT rowid, bm25(docs, 2.0, 1.0, 2.0) AS score FROM docs WHERE docs MATCH ? ORDER BY score LIMIT 20"),
                                           arguments: [query])
            while try rows.next() != nil {}
        }
    }

    func close() throws { try pool.close() }
}
