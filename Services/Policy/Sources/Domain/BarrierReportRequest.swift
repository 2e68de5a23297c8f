/// What GetBarrierReport is asked: the filter, the period, the NUTS level to break down by (0:
/// none; 1 to 3) and how many barriers each group lists (0: all).
public struct BarrierReportRequest: Sendable, Hashable {
    public var filter: EvidenceFilter
    public var period: Period
    public var groupByLevel: Int
    public var top: Int

    /// The deepest NUTS level a report breaks down by.
    public static let maxGroupLevel = 3

    public init(filter: EvidenceFilter = EvidenceFilter(), period: Period, groupByLevel: Int = 0, top: Int = 0) {
        self.filter = filter
        self.period = period
        self.groupByLevel = groupByLevel
        self.top = top
    }
}
