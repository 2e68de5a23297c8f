import GRDB
import TIBSServiceKit

/// The evidence side's own tables, registered after the policy service's `policy.v1` (whose
/// `evidence_smes` / `evidence_surveys` they join read-only): the coded answers of every
/// followed survey (`policy.survey.v1`) and the follower's cursors (``FollowerSchema``).
/// Never edit a shipped migration: add `policy.survey.v2`.
public enum EvidenceMigrations {
    public static let surveyV1 = "policy.survey.v1"

    public static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration(surveyV1) { db in
            // One row per coded answer of a followed survey; question "experience" and "stage"
            // hold the single-choice answers as codes. usefulness: support forms only, 1..5.
            try db.execute(sql: """
                CREATE TABLE survey_answers (
                    upstream   TEXT    NOT NULL,
                    survey_id  TEXT    NOT NULL,
                    question   TEXT    NOT NULL,
                    code       TEXT    NOT NULL,
                    usefulness INTEGER NULL,
                    PRIMARY KEY (upstream, survey_id, question, code)
                ) WITHOUT ROWID;
                """)
        }
        FollowerSchema.register(&migrator)
    }
}
