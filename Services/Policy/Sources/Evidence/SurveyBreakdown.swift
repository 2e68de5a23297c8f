/// The distributions of the surveys that have one value of a dimension (a region, a size class…).
public struct SurveyBreakdown: Sendable, Hashable {
    public var dimension: SurveyDimension
    /// NUTS code, ISO country, S3 code, or the proto enum name of a size class or stage
    /// (`SIZE_CLASS_MICRO`, `STAGE_EXPLORING`; `…_UNSPECIFIED` when not known).
    public var value: String
    public var surveys: Int
    public var questions: [QuestionDistribution]
}
