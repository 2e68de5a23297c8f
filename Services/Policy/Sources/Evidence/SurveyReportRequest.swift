/// What GetSurveyReport is asked: surveys conducted in `period` that `filter` selects; with
/// `everySurvey` false only the latest of each SME (by conducted_on, then id), counted once.
public struct SurveyReportRequest: Sendable, Hashable {
    public var filter: EvidenceFilter
    public var period: Period
    public var everySurvey: Bool
    /// Each dimension at most once, in the order asked.
    public var breakdowns: [SurveyDimension]

    public init(filter: EvidenceFilter = EvidenceFilter(), period: Period, everySurvey: Bool = false, breakdowns: [SurveyDimension] = []) {
        self.filter = filter
        self.period = period
        self.everySurvey = everySurvey
        self.breakdowns = breakdowns
    }
}
