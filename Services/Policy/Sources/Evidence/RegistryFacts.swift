import TIBSDomain
import TIBSProto

/// The registry's feed payloads (`tibs.registry.v1.Sme`, `Survey`) as evidence: only codes,
/// places, dates and sizes; names, contacts and free text are dropped here.
enum RegistryFacts {
    static let smePayload = Tibs_Registry_V1_Sme.protoMessageName
    static let surveyPayload = Tibs_Registry_V1_Survey.protoMessageName

    static func sme(_ sme: Tibs_Registry_V1_Sme) throws(EvidenceRefusal) -> SMEFacts {
        guard !sme.id.isEmpty else { throw EvidenceRefusal("an SME without an id") }
        let region = sme.fields.region
        guard !region.country.isEmpty, !region.nutsCode.isEmpty else { throw EvidenceRefusal("SME \(sme.id) has no region") }
        return SMEFacts(id: sme.id, country: region.country, region: region.nutsCode,
                        sizeClass: SizeClass(rawValue: sme.sizeClass.rawValue), s3Areas: sme.fields.s3Areas.map(\.code))
    }

    static func survey(_ survey: Tibs_Registry_V1_Survey) throws(EvidenceRefusal) -> (SurveyFacts, [SurveyAnswer]) {
        guard !survey.id.isEmpty, !survey.smeID.isEmpty else { throw EvidenceRefusal("a survey without an id or SME id") }
        guard !survey.region.country.isEmpty, !survey.region.nutsCode.isEmpty else { throw EvidenceRefusal("survey \(survey.id) has no region") }
        let answers = survey.answers
        guard let conductedOn = CalendarDate(answers.conductedOn) else {
            throw EvidenceRefusal("survey \(survey.id) has conducted_on \(answers.conductedOn), not YYYY-MM-DD")
        }
        let stage = InternationalisationStage(rawValue: answers.stage.rawValue)
        let facts = SurveyFacts(id: survey.id, smeID: survey.smeID, country: survey.region.country, region: survey.region.nutsCode,
                                conductedOn: conductedOn, stage: stage, barriers: answers.barriers.map(\.code))
        var coded: [SurveyAnswer] = []
        if let experience = SurveySingleChoice.experience(answers.experience) {
            coded.append(SurveyAnswer(question: SurveySingleChoice.experienceQuestion, code: experience))
        }
        if let stage { coded.append(SurveyAnswer(question: SurveySingleChoice.stageQuestion, code: SurveySingleChoice.code(stage))) }
        func add(_ question: SurveyQuestion, _ codes: [Tibs_Common_V1_Code]) {
            coded += codes.map { SurveyAnswer(question: question.rawValue, code: $0.code) }
        }
        add(.successReason, answers.successReasons)
        add(.failureReason, answers.failureReasons)
        add(.advantage, answers.advantages)
        add(.barrier, answers.barriers)
        coded += answers.supportUsed.map {
            SurveyAnswer(question: SurveyQuestion.supportForm.rawValue, code: $0.form.code,
                         usefulness: (1...5).contains($0.usefulness) ? Int($0.usefulness) : nil)
        }
        add(.expectedSupport, answers.expectedSupport)
        return (facts, coded)
    }
}
