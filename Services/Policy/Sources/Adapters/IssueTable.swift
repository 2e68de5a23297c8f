import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

/// Policy issues in SQLite: the record (with its frozen evidence) and the columns listings filter
/// on. Action counts are counted from `actions` when an issue is read. Call inside a transaction.
enum IssueTable {
    @discardableResult
    static func insert(_ db: Database, _ issue: PolicyIssue, codec: any PolicyCoding) throws -> Data {
        let record = try codec.encode(issue)
        try db.cachedStatement(sql: "INSERT INTO issues (id, regions_index, barriers_index, raised_on, version, record) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [issue.id, RecordCoding.index(issue.fields.regions), RecordCoding.index(issue.fields.barriers.map(\.code)),
                                 CalendarDate(issue.raisedAt).description, issue.version, record])
        return record
    }

    static func load(_ db: Database, id: String, codec: any PolicyCoding) throws -> PolicyIssue? {
        guard let record = try Data.fetchOne(db.cachedStatement(sql: "SELECT record FROM issues WHERE id = ?"), arguments: [id]) else {
            return nil
        }
        return try decode(db, id: id, record: record, codec: codec)
    }

    static func list(_ db: Database, filter: IssueFilter, page: PageRequest, codec: any PolicyCoding) throws -> Page<PolicyIssue> {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if !filter.region.isEmpty { clauses.append("regions_index LIKE ?"); arguments += ["%," + filter.region + "%"] }
        if !filter.barrier.isEmpty { clauses.append("barriers_index LIKE ?"); arguments += ["%," + filter.barrier + ",%"] }
        if filter.openOnly {
            clauses.append("""
                (NOT EXISTS (SELECT 1 FROM actions a WHERE a.issue_id = issues.id) \
                OR EXISTS (SELECT 1 FROM actions a WHERE a.issue_id = issues.id AND a.final = 0))
                """)
        }
        return try Paging.fetch(db, table: "issues", clauses: clauses, arguments: arguments, page: page) { row in
            try decode(db, id: row["id"], record: row["record"], codec: codec)
        }
    }

    /// Every issue concerning `region` (or a sub-region; "" any) raised between the days (inclusive), in id order.
    static func all(_ db: Database, region: String, from: CalendarDate?, to: CalendarDate?, codec: any PolicyCoding) throws -> [PolicyIssue] {
        var clauses = ["1 = 1"]
        var arguments = StatementArguments()
        if !region.isEmpty { clauses.append("regions_index LIKE ?"); arguments += ["%," + region + "%"] }
        if let from { clauses.append("raised_on >= ?"); arguments += [from.description] }
        if let to { clauses.append("raised_on <= ?"); arguments += [to.description] }
        return try Row.fetchAll(db.cachedStatement(sql: "SELECT id, record FROM issues WHERE " + clauses.joined(separator: " AND ") + " ORDER BY id"),
                                arguments: arguments)
            .map { row in try decode(db, id: row["id"], record: row["record"], codec: codec) }
    }

    private static func decode(_ db: Database, id: String, record: Data, codec: any PolicyCoding) throws -> PolicyIssue {
        var issue = try RecordCoding.decode("issues", id) { try codec.decodeIssue(record) }
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*), COALESCE(SUM(final = 0), 0) FROM actions WHERE issue_id = ?"),
                                      arguments: [id]) {
            issue.actions = row[0]
            issue.openActions = row[1]
        }
        return issue
    }
}
