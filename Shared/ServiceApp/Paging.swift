import GRDB

/// Keyset paging over a table whose primary key `id` is a UUIDv7:
/// `WHERE filters AND id > cursor ORDER BY id LIMIT size + 1`, and the count of all matches
/// on the first page. Clauses are SQL with `?` placeholders, values go in `arguments`; never
/// build SQL from values.
public enum Paging {
    public static func fetch<Item>(_ db: Database, table: String, columns: String = "id, record", clauses: [String],
                                   arguments: StatementArguments, page: PageRequest,
                                   decode: (Row) throws -> Item) throws -> Page<Item> {
        let matching = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        var total: Int?
        if page.after == nil {
            total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM \(table)\(matching)"), arguments: arguments)
        }
        var pageClauses = clauses
        var pageArguments = arguments
        if let after = page.after { pageClauses.append("id > ?"); pageArguments += [after] }
        pageArguments += [page.size + 1]
        let sql = "SELECT \(columns) FROM \(table)"
            + (pageClauses.isEmpty ? "" : " WHERE " + pageClauses.joined(separator: " AND ")) + " ORDER BY id LIMIT ?"
        let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: pageArguments)
        let items = try rows.prefix(page.size).map(decode)
        let last: String? = rows.count > page.size ? rows[page.size - 1]["id"] : nil
        return Page(items: items, nextAfter: last, total: total)
    }

    /// The same paging over entities already in memory (a short list filtered in code), in id order.
    public static func slice<Item>(_ all: [Item], id: (Item) -> String, page: PageRequest) -> Page<Item> {
        let sorted = all.sorted { id($0) < id($1) }
        let rest = page.after.map { after in sorted.filter { id($0) > after } } ?? sorted
        let items = Array(rest.prefix(page.size))
        return Page(items: items, nextAfter: rest.count > page.size ? items.last.map(id) : nil,
                    total: page.after == nil ? sorted.count : nil)
    }
}
