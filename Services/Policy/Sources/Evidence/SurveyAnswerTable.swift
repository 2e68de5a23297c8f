import GRDB

/// `survey_answers` (``EvidenceMigrations``): every statement inside the caller's transaction.
enum SurveyAnswerTable {
    /// Replaces the answers of survey `id` with `answers`.
    static func replace(_ db: Database, upstream: String, surveyID: String, _ answers: [SurveyAnswer]) throws {
        try remove(db, upstream: upstream, surveyID: surveyID)
        let insert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO survey_answers (upstream, survey_id, question, code, usefulness) VALUES (?, ?, ?, ?, ?)
            """)
        for answer in answers {
            try insert.execute(arguments: [upstream, surveyID, answer.question, answer.code, answer.usefulness])
        }
    }

    static func remove(_ db: Database, upstream: String, surveyID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM survey_answers WHERE upstream = ? AND survey_id = ?").execute(arguments: [upstream, surveyID])
    }

    /// Every answer held from `upstream` (a resync).
    static func removeUpstream(_ db: Database, upstream: String) throws {
        try db.execute(sql: "DELETE FROM survey_answers WHERE upstream = ?", arguments: [upstream])
    }

    /// The answers of every survey of SME `smeID` (call before the ledger removes the surveys).
    static func removeAll(_ db: Database, upstream: String, smeID: String) throws {
        try db.cachedStatement(sql: """
            DELETE FROM survey_answers WHERE upstream = ? AND survey_id IN (SELECT id FROM evidence_surveys WHERE upstream = ? AND sme_id = ?)
            """).execute(arguments: [upstream, upstream, smeID])
    }
}
