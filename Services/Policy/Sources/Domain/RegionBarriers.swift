/// One group of a barrier report's breakdown: the surveys of one NUTS region and their barriers.
public struct RegionBarriers: Sendable, Hashable {
    public var region: String
    public var surveysInPeriod: Int
    /// Most frequent first, then by code.
    public var barriers: [BarrierCount]

    public init(region: String, surveysInPeriod: Int, barriers: [BarrierCount]) {
        self.region = region
        self.surveysInPeriod = surveysInPeriod
        self.barriers = barriers
    }
}
