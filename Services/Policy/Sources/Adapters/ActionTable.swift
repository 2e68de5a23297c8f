import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

/// Influence actions in SQLite: the record (with its history) and the columns listings and the
/// overdue rule filter on — days as day numbers, so "overdue" is arithmetic in SQL. Call inside a
/// store transaction.
enum ActionTable {
    @discardableResult
    static func save(_ db: Database, _ action: InfluenceAction, codec: any PolicyCoding, isNew: Bool) throws -> Data {
        let record = try codec.encode(action)
        let columns: StatementArguments = [action.issueID, action.fields.institutionID, action.status.rawValue, action.status.isFinal,
                                           action.fields.submittedOn.dayNumber, action.firstResponseOn?.dayNumber, action.version, record, action.id]
        if isNew {
            try db.cachedStatement(sql: """
                INSERT INTO actions (issue_id, institution_id, status, final, submitted_day, first_response_day, version, record, id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: columns)
        } else {
            try db.cachedStatement(sql: """
                UPDATE actions SET issue_id = ?, institution_id = ?, status = ?, final = ?, submitted_day = ?, first_response_day = ?,
                version = ?, record = ? WHERE id = ?
                """).execute(arguments: columns)
        }
        return record
    }

    static func load(_ db: Database, id: String, codec: any PolicyCoding) throws -> InfluenceAction? {
        guard let record = try Data.fetchOne(db.cachedStatement(sql: "SELECT record FROM actions WHERE id = ?"), arguments: [id]) else {
            return nil
        }
        return try RecordCoding.decode("actions", id) { try codec.decodeAction(record) }
    }

    /// `overdueOnly` keeps the actions ``InfluenceAction/isOverdue(today:afterDays:)`` calls overdue.
    static func list(_ db: Database, filter: ActionFilter, page: PageRequest, today: CalendarDate, overdueAfterDays: Int,
                     codec: any PolicyCoding) throws -> Page<InfluenceAction> {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if !filter.issueID.isEmpty { clauses.append("issue_id = ?"); arguments += [filter.issueID] }
        if !filter.institutionID.isEmpty { clauses.append("institution_id = ?"); arguments += [filter.institutionID] }
        if let status = filter.status { clauses.append("status = ?"); arguments += [status.rawValue] }
        if filter.overdueOnly {
            clauses.append("final = 0 AND submitted_day + ? < ? AND (first_response_day IS NULL OR first_response_day > submitted_day + ?)")
            arguments += [overdueAfterDays, today.dayNumber, overdueAfterDays]
        }
        return try Paging.fetch(db, table: "actions", clauses: clauses, arguments: arguments, page: page) { row in
            let id: String = row["id"], record: Data = row["record"]
            return try RecordCoding.decode("actions", id) { try codec.decodeAction(record) }
        }
    }

    /// Every action on the issue, in id order.
    static func all(_ db: Database, issueID: String, codec: any PolicyCoding) throws -> [InfluenceAction] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, record FROM actions WHERE issue_id = ? ORDER BY id"), arguments: [issueID])
            .map { row in
                let id: String = row["id"], record: Data = row["record"]
                return try RecordCoding.decode("actions", id) { try codec.decodeAction(record) }
            }
    }
}
