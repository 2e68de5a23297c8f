import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

/// Regional strategy versions in SQLite, never updated: each SetRegionalStrategy adds a row whose
/// `set_order` is one more than the last. Call inside a store transaction.
enum StrategyTable {
    @discardableResult
    static func insert(_ db: Database, _ strategy: RegionalStrategy, codec: any PolicyCoding) throws -> Data {
        let record = try codec.encode(strategy)
        let order = try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(set_order), 0) + 1 FROM strategies")) ?? 1
        try db.cachedStatement(sql: "INSERT INTO strategies (id, region, valid_from, valid_to, set_order, record) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [strategy.id, strategy.fields.region, strategy.fields.validFrom.description,
                                 strategy.fields.validTo?.description ?? "", order, record])
        return record
    }

    /// The version of exactly `region` in force on `date`: the latest valid_from covering the
    /// date; on equal valid_from, the one set last.
    static func inForce(_ db: Database, region: String, on date: CalendarDate, codec: any PolicyCoding) throws -> RegionalStrategy? {
        let day = date.description
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, record FROM strategies WHERE region = ? AND valid_from <= ? AND (valid_to = '' OR valid_to >= ?)
            ORDER BY valid_from DESC, set_order DESC LIMIT 1
            """), arguments: [region, day, day])
        return try row.map { row in try decode(row, codec: codec) }
    }

    static func list(_ db: Database, filter: StrategyFilter, page: PageRequest, codec: any PolicyCoding) throws -> Page<RegionalStrategy> {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if !filter.region.isEmpty { clauses.append("region LIKE ?"); arguments += [filter.region + "%"] }
        return try Paging.fetch(db, table: "strategies", clauses: clauses, arguments: arguments, page: page) { row in
            try decode(row, codec: codec)
        }
    }

    private static func decode(_ row: Row, codec: any PolicyCoding) throws -> RegionalStrategy {
        let id: String = row["id"], record: Data = row["record"]
        return try RecordCoding.decode("strategies", id) { try codec.decodeStrategy(record) }
    }
}
