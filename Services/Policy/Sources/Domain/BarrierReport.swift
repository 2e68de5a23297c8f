/// The answer of GetBarrierReport (and the frozen evidence of a policy issue).
public struct BarrierReport: Sendable, Hashable {
    public var period: Period
    public var previousPeriod: Period
    public var surveysInPeriod: Int
    public var previousSurveysInPeriod: Int
    /// Over every group, most frequent first, then by code.
    public var barriers: [BarrierCount]
    /// When a breakdown was asked (or, in an issue's evidence, one entry per issue region).
    public var regions: [RegionBarriers]
    public var sync: [UpstreamSync]

    public init(period: Period, previousPeriod: Period, surveysInPeriod: Int, previousSurveysInPeriod: Int,
                barriers: [BarrierCount], regions: [RegionBarriers], sync: [UpstreamSync]) {
        self.period = period
        self.previousPeriod = previousPeriod
        self.surveysInPeriod = surveysInPeriod
        self.previousSurveysInPeriod = previousSurveysInPeriod
        self.barriers = barriers
        self.regions = regions
        self.sync = sync
    }
}

extension Array where Element == BarrierCount {
    /// Most frequent first, then by code; the first `top` (0: all).
    public func ranked(top: Int) -> [BarrierCount] {
        let sorted = self.sorted { ($0.surveys, $1.barrier) > ($1.surveys, $0.barrier) }
        return top > 0 ? Array(sorted.prefix(top)) : sorted
    }
}
