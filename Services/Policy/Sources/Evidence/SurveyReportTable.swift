import GRDB
import TIBSServiceApp

/// Reads the surveys a survey report counts: `evidence_surveys` (H1's, read-only) joined with
/// their SME's current facts and their coded answers (`survey_answers`).
enum SurveyReportTable {
    /// Surveys conducted in `period` that `filter` selects, each with its answers.
    static func surveys(_ db: Database, filter: EvidenceFilter, period: Period) throws -> [CountedSurvey] {
        var clauses = ["s.month >= ?", "s.month <= ?"]
        var arguments: StatementArguments = [period.from.description, period.to.description]
        if !filter.country.isEmpty {
            clauses.append("s.country = ?")
            arguments += [filter.country]
        }
        if !filter.region.isEmpty {
            // NUTS codes nest by prefix: a region includes its sub-regions.
            clauses.append("substr(s.region, 1, ?) = ?")
            arguments += [filter.region.count, filter.region]
        }
        if !filter.s3Area.isEmpty {
            clauses.append("instr(m.s3_index, ?) > 0")
            arguments += [RecordCoding.index([filter.s3Area])]
        }
        if let size = filter.sizeClass {
            clauses.append("m.size_class = ?")
            arguments += [size.rawValue]
        }
        if let stage = filter.stage {
            clauses.append("s.stage = ?")
            arguments += [stage.rawValue]
        }
        let from = """
            FROM evidence_surveys s LEFT JOIN evidence_smes m ON m.upstream = s.upstream AND m.id = s.sme_id
            WHERE \(clauses.joined(separator: " AND "))
            """
        var surveys: [String: CountedSurvey] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT s.upstream, s.id, s.sme_id, s.country, s.region, s.conducted_on, s.stage, m.size_class, m.s3_index \(from)
            """, arguments: arguments) {
            let upstream: String = row["upstream"], id: String = row["id"]
            let stage: Int? = row["stage"], size: Int? = row["size_class"], s3: String? = row["s3_index"]
            surveys[upstream + "\u{0}" + id] = CountedSurvey(
                upstream: upstream, id: id, smeID: row["sme_id"], country: row["country"], region: row["region"],
                conductedOn: row["conducted_on"], stage: stage.flatMap(InternationalisationStage.init(rawValue:)),
                sizeClass: size.flatMap(SizeClass.init(rawValue:)), s3Areas: (s3 ?? "").split(separator: ",").map(String.init))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT a.upstream, a.survey_id, a.question, a.code, a.usefulness
            FROM survey_answers a JOIN evidence_surveys s ON s.upstream = a.upstream AND s.id = a.survey_id
            LEFT JOIN evidence_smes m ON m.upstream = s.upstream AND m.id = s.sme_id
            WHERE \(clauses.joined(separator: " AND "))
            """, arguments: arguments) {
            let key = (row["upstream"] as String) + "\u{0}" + (row["survey_id"] as String)
            surveys[key]?.answers.append(SurveyAnswer(question: row["question"], code: row["code"], usefulness: row["usefulness"]))
        }
        return surveys.values.sorted { ($0.upstream, $0.id) < ($1.upstream, $1.id) }
    }

    /// Of each SME's surveys, the latest (by conducted_on, then id).
    static func latestPerSME(_ surveys: [CountedSurvey]) -> [CountedSurvey] {
        var latest: [String: CountedSurvey] = [:]
        for survey in surveys {
            if let kept = latest[survey.smeKey], (kept.conductedOn, kept.id) >= (survey.conductedOn, survey.id) { continue }
            latest[survey.smeKey] = survey
        }
        return latest.values.sorted { ($0.upstream, $0.id) < ($1.upstream, $1.id) }
    }
}
