/// How many surveys of a period named one barrier, as a share of the period's surveys, beside
/// the same figures of the previous period.
public struct BarrierCount: Sendable, Hashable {
    /// Survey code list "barrier" code.
    public var barrier: String
    public var label: String
    public var surveys: Int
    /// surveys / surveys in the period; 0 when there are none.
    public var share: Double
    public var previousSurveys: Int
    public var previousShare: Double

    public init(barrier: String, label: String, surveys: Int, share: Double, previousSurveys: Int, previousShare: Double) {
        self.barrier = barrier
        self.label = label
        self.surveys = surveys
        self.share = share
        self.previousSurveys = previousSurveys
        self.previousShare = previousShare
    }

    /// share − previous share (percentage points / 100).
    public var shareChange: Double { share - previousShare }
}
