/// GetSurveyReport's answer: the market research's questions as distributions over the counted
/// surveys, overall and per breakdown value, and how current the evidence is.
public struct SurveyReport: Sendable, Hashable {
    public var period: Period
    public var everySurvey: Bool
    public var surveys: Int
    public var smes: Int
    public var questions: [QuestionDistribution]
    public var breakdowns: [SurveyBreakdown]
    public var sync: [UpstreamSync]
}
