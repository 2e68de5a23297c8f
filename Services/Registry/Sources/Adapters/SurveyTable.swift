import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

/// Survey interviews; several per SME, listed by id (recording order).
enum SurveyTable {
    /// Returns the stored record, which is also the survey's feed payload.
    @discardableResult
    static func insert(_ db: Database, _ survey: Survey, codec: any RegistryCoding) throws -> Data {
        let record = try codec.encode(survey)
        try db.cachedStatement(sql: "INSERT INTO surveys (id, sme_id, region, conducted_on, record) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [survey.id, survey.smeID, survey.region.nutsCode, survey.answers.conductedOn, record])
        return record
    }

    @discardableResult
    static func update(_ db: Database, _ survey: Survey, codec: any RegistryCoding) throws -> Data {
        let record = try codec.encode(survey)
        try db.cachedStatement(sql: "UPDATE surveys SET region = ?, record = ? WHERE id = ?")
            .execute(arguments: [survey.region.nutsCode, record, survey.id])
        return record
    }

    static func all(_ db: Database, smeID: String, codec: any RegistryCoding) throws -> [Survey] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, record FROM surveys WHERE sme_id = ? ORDER BY id"), arguments: [smeID])
            .map { try decode($0, codec: codec) }
    }

    private static func decode(_ row: Row, codec: any RegistryCoding) throws -> Survey {
        let record: Data = row["record"]
        return try RecordCoding.decode("surveys", row["id"]) { try codec.decodeSurvey(record) }
    }

    static func list(_ db: Database, filter: SurveyFilter, page: PageRequest, codec: any RegistryCoding) throws -> Page<Survey> {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if !filter.smeID.isEmpty { clauses.append("sme_id = ?"); arguments += [filter.smeID] }
        if !filter.region.isEmpty { clauses.append("region LIKE ?"); arguments += [filter.region + "%"] }
        if !filter.from.isEmpty { clauses.append("conducted_on >= ?"); arguments += [filter.from] }
        if !filter.to.isEmpty { clauses.append("conducted_on <= ?"); arguments += [filter.to] }
        return try Paging.fetch(db, table: "surveys", clauses: clauses, arguments: arguments, page: page) { try decode($0, codec: codec) }
    }
}
