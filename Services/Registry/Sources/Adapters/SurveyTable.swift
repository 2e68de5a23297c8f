import GRDB
import TIBSDomain

/// Survey interviews; several per SME, listed by id (recording order).
enum SurveyTable {
    static func insert(_ db: Database, _ survey: Survey) throws {
        try db.cachedStatement(sql: "INSERT INTO surveys (id, sme_id, region, conducted_on, record) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [survey.id, survey.smeID, survey.region.nutsCode, survey.answers.conductedOn,
                                 try RecordCoding.encode(survey)])
    }

    static func update(_ db: Database, _ survey: Survey) throws {
        try db.cachedStatement(sql: "UPDATE surveys SET region = ?, record = ? WHERE id = ?")
            .execute(arguments: [survey.region.nutsCode, try RecordCoding.encode(survey), survey.id])
    }

    static func all(_ db: Database, smeID: String) throws -> [Survey] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, record FROM surveys WHERE sme_id = ? ORDER BY id"), arguments: [smeID])
            .map { try RecordCoding.decode(Survey.self, $0["record"], table: "surveys", id: $0["id"]) }
    }

    static func list(_ db: Database, filter: SurveyFilter, page: PageRequest) throws -> Page<Survey> {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if !filter.smeID.isEmpty { clauses.append("sme_id = ?"); arguments += [filter.smeID] }
        if !filter.region.isEmpty { clauses.append("region LIKE ?"); arguments += [filter.region + "%"] }
        if !filter.from.isEmpty { clauses.append("conducted_on >= ?"); arguments += [filter.from] }
        if !filter.to.isEmpty { clauses.append("conducted_on <= ?"); arguments += [filter.to] }
        return try Paging.fetch(db, table: "surveys", clauses: clauses, arguments: arguments, page: page) { row in
            try RecordCoding.decode(Survey.self, row["record"], table: "surveys", id: row["id"])
        }
    }
}
