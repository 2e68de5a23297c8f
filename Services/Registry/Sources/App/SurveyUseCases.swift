import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

extension RegistryApp {
    /// Records one survey interview of an SME the caller may write; the SME's stage follows
    /// its newest interview.
    public func recordSurvey(smeID: String, _ input: SurveyAnswers, by caller: Caller,
                             idempotency: IdempotencyTicket? = nil) async throws -> Created<Survey> {
        let now = store.now
        let answers = try rules.validate(input, today: RegistryRules.calendarDate(now))
        let id = ids.next()
        return try await store.groupWrite { db in
            try changes.idempotent(db, idempotency, caller, encode: { try codec.encode($0) }) {
                let sme = try requireSME(db, smeID)
                try AccessPolicy.requireWrite(sme.profile.region.nutsCode, by: caller.principal)
                let survey = Survey(id: id, smeID: smeID, region: sme.profile.region, answers: answers,
                                    recordedBy: caller.principal.subject, recordedAt: now)
                let record = try SurveyTable.insert(db, survey, codec: codec)
                try SMETable.recordStage(db, id: smeID, stage: answers.stage, on: answers.conductedOn)
                try changes.record(db, caller, .survey, id, .created, payload: record)
                return survey
            }
        }
    }

    public func listSurveys(_ filter: SurveyFilter, page: PageRequest) async throws -> Page<Survey> {
        try await store.read { db in try SurveyTable.list(db, filter: filter, page: page, codec: codec) }
    }
}
