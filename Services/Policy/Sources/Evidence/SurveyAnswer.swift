/// One coded answer of a followed survey, as the survey report counts it: the question (the
/// survey code lists' names, plus "experience" and "stage"), the code, and for support forms
/// how useful the SME found it (1..5).
public struct SurveyAnswer: Sendable, Hashable {
    public var question: String
    public var code: String
    public var usefulness: Int?

    public init(question: String, code: String, usefulness: Int? = nil) {
        self.question = question
        self.code = code
        self.usefulness = usefulness
    }
}
