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
        slice(inOrder: all.sorted { id($0) < id($1) }, cursor: id, isAfter: { id($0) > $1 }, page: page)
    }

    /// The same over entities kept in an order of their own (a code list's top-down order):
    /// `isAfter(item, cursor)` says whether `item` comes after the page token's cursor.
    public static func slice<Item>(inOrder all: [Item], cursor: (Item) -> String, isAfter: (Item, String) -> Bool,
                                   page: PageRequest) -> Page<Item> {
        let rest = page.after.map { after in all.filter { isAfter($0, after) } } ?? all
        let items = Array(rest.prefix(page.size))
        return Page(items: items, nextAfter: rest.count > page.size ? items.last.map(cursor) : nil,
                    total: page.after == nil ? all.count : nil)
    }
}
