import TIBSDomain

/// Counts surveys into question distributions: pure, so the rules are tested without a store.
/// Questions in the research's order; a question's respondents are the surveys with at least one
/// answer to it; shares are of those respondents.
struct SurveyTally {
    /// The questions every report lists, in order.
    static let questions: [String] = [
        SurveySingleChoice.experienceQuestion, SurveySingleChoice.stageQuestion,
        SurveyQuestion.successReason.rawValue, SurveyQuestion.failureReason.rawValue, SurveyQuestion.advantage.rawValue,
        SurveyQuestion.barrier.rawValue, SurveyQuestion.supportForm.rawValue, SurveyQuestion.expectedSupport.rawValue,
    ]

    let codes: CodeLists

    func distributions(_ surveys: [CountedSurvey]) -> [QuestionDistribution] {
        var respondents: [String: Int] = [:]
        var counts: [String: [String: Int]] = [:]
        var usefulness: [String: [String: (sum: Int, rated: Int)]] = [:]
        for survey in surveys {
            var answered: Set<String> = []
            var named: Set<SurveyAnswer> = []
            for answer in survey.answers where named.insert(SurveyAnswer(question: answer.question, code: answer.code)).inserted {
                answered.insert(answer.question)
                counts[answer.question, default: [:]][answer.code, default: 0] += 1
                if let rating = answer.usefulness {
                    let old = usefulness[answer.question, default: [:]][answer.code] ?? (0, 0)
                    usefulness[answer.question, default: [:]][answer.code] = (old.sum + rating, old.rated + 1)
                }
            }
            for question in answered { respondents[question, default: 0] += 1 }
        }
        return Self.questions.map { question in
            let asked = respondents[question] ?? 0
            let answers = (counts[question] ?? [:]).map { code, count in
                let rated = usefulness[question]?[code]
                return CodeShare(code: code, label: label(question: question, code: code), count: count,
                                 share: asked == 0 ? 0 : Double(count) / Double(asked),
                                 meanUsefulness: rated.map { $0.rated == 0 ? 0 : Double($0.sum) / Double($0.rated) } ?? 0)
            }
            .sorted { ($0.count, $1.code) > ($1.count, $0.code) }
            return QuestionDistribution(question: question, respondents: asked, answers: answers)
        }
    }

    /// Groups per value of each dimension, values in order.
    func breakdowns(_ surveys: [CountedSurvey], by dimensions: [SurveyDimension]) -> [SurveyBreakdown] {
        dimensions.flatMap { dimension in
            var groups: [String: [CountedSurvey]] = [:]
            for survey in surveys {
                for value in Set(survey.values(dimension)) { groups[value, default: []].append(survey) }
            }
            return groups.sorted { $0.key < $1.key }.map { value, members in
                SurveyBreakdown(dimension: dimension, value: value, surveys: members.count, questions: distributions(members))
            }
        }
    }

    func label(question: String, code: String) -> String {
        if let single = SurveySingleChoice.label(question: question, code: code) { return single }
        if let coded = SurveyQuestion(rawValue: question), let entry = codes.survey.code(code, of: coded) { return entry.label }
        return code
    }

    static func sizeClassName(_ size: SizeClass?) -> String {
        switch size {
        case .micro: "SIZE_CLASS_MICRO"
        case .small: "SIZE_CLASS_SMALL"
        case .medium: "SIZE_CLASS_MEDIUM"
        case nil: "SIZE_CLASS_UNSPECIFIED"
        }
    }

    static func stageName(_ stage: InternationalisationStage?) -> String {
        switch stage {
        case .domesticOnly: "STAGE_DOMESTIC_ONLY"
        case .exploring: "STAGE_EXPLORING"
        case .firstForeignContracts: "STAGE_FIRST_FOREIGN_CONTRACTS"
        case .regularExporter: "STAGE_REGULAR_EXPORTER"
        case .establishedAbroad: "STAGE_ESTABLISHED_ABROAD"
        case nil: "STAGE_UNSPECIFIED"
        }
    }
}
