/// What a survey report can be broken down by (GetSurveyReportRequest.breakdown); the raw value
/// is the wire name.
public enum SurveyDimension: String, Sendable, Hashable, CaseIterable {
    case region, country
    case s3Area = "s3_area"
    case sizeClass = "size_class"
    case stage
}
