import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit

/// GetSurveyReport on the router (registered by ``PolicyRoutes``), with its wire mapping.
enum SurveyReportHandlers {
    static func register(on router: inout RPCRouter, app: PolicyApp) {
        router.unary(PolicyMethods.getSurveyReport, access: .authenticated) { (request: Tibs_Policy_V1_GetSurveyReportRequest, _) in
            let asked = try Self.request(request, codes: app.rules.codes)
            return Self.proto(try await app.surveyReport(asked), codes: app.rules.codes)
        }
    }

    /// The request as asked; INVALID_ARGUMENT naming `filter.*`, `period.*` and `breakdown`
    /// (an unknown dimension, or one named twice).
    static func request(_ proto: Tibs_Policy_V1_GetSurveyReportRequest, codes: CodeLists) throws(ValidationErrors) -> SurveyReportRequest {
        var v = Validator()
        var filter = EvidenceFilter()
        v.collect { () throws(ValidationErrors) in filter = try PolicyMapping.filter(proto.filter).validated(codes: codes) }
        var period: Period?
        v.collect { () throws(ValidationErrors) in period = try Period.validated(from: proto.period.fromMonth, to: proto.period.toMonth, field: "period") }
        var dimensions: [SurveyDimension] = []
        for name in proto.breakdown {
            guard let dimension = SurveyDimension(rawValue: name) else {
                v.add(field: "breakdown", "\(name) is not one of \(SurveyDimension.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            guard v.check(!dimensions.contains(dimension), field: "breakdown", "names \(name) twice") else { continue }
            dimensions.append(dimension)
        }
        try v.throwIfAny()
        // reason: no violation means the period was read.
        return SurveyReportRequest(filter: filter, period: period!, everySurvey: proto.everySurvey, breakdowns: dimensions)
    }

    static func proto(_ report: SurveyReport, codes: CodeLists) -> Tibs_Policy_V1_SurveyReport {
        .with {
            $0.period = PolicyMapping.proto(report.period)
            $0.everySurvey = report.everySurvey
            $0.surveys = UInt64(report.surveys)
            $0.smes = UInt64(report.smes)
            $0.questions = report.questions.map { proto($0, codes: codes) }
            $0.breakdowns = report.breakdowns.map { breakdown in
                .with {
                    $0.dimension = breakdown.dimension.rawValue
                    $0.value = breakdown.value
                    $0.surveys = UInt64(breakdown.surveys)
                    $0.questions = breakdown.questions.map { proto($0, codes: codes) }
                }
            }
            $0.sync = PolicyMapping.proto(report.sync)
        }
    }

    static func proto(_ distribution: QuestionDistribution, codes: CodeLists) -> Tibs_Policy_V1_QuestionDistribution {
        // Coded questions carry the survey code list's version; experience and stage have none.
        let version = SurveyQuestion(rawValue: distribution.question) == nil ? "" : codes.survey.version
        return .with {
            $0.question = distribution.question
            $0.respondents = UInt64(distribution.respondents)
            $0.answers = distribution.answers.map { answer in
                .with {
                    $0.code = .with { $0.code = answer.code; $0.version = version }
                    $0.label = answer.label
                    $0.count = UInt64(answer.count)
                    $0.share = answer.share
                    $0.meanUsefulness = answer.meanUsefulness
                }
            }
        }
    }
}
