/// The answers to one survey question over the counted surveys: `respondents` are the surveys
/// that answered it at all; answers most frequent first, then by code.
public struct QuestionDistribution: Sendable, Hashable {
    public var question: String
    public var respondents: Int
    public var answers: [CodeShare]
}
