import TIBSDomain

/// The transnational flows matrix and the cumulative funnels of the matches proposed in a period.
public struct FlowReport: Sendable, Hashable {
    public var request: FlowReportRequest
    /// Every pair with at least one match, sorted by from, to.
    public var flows: [RegionFlow]
    /// By the need side's region, sorted.
    public var regionFunnels: [(String, FunnelCounts)] { regionFunnelsByKey.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    /// By the broker who proposed, sorted.
    public var brokerFunnels: [(String, FunnelCounts)] { brokerFunnelsByKey.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    public var regionFunnelsByKey: [String: FunnelCounts]
    public var brokerFunnelsByKey: [String: FunnelCounts]
    public var total: FunnelCounts

    public init(request: FlowReportRequest, flows: [RegionFlow], regionFunnels: [String: FunnelCounts],
                brokerFunnels: [String: FunnelCounts], total: FunnelCounts) {
        self.request = request
        self.flows = flows
        self.regionFunnelsByKey = regionFunnels
        self.brokerFunnelsByKey = brokerFunnels
        self.total = total
    }

    public static func == (lhs: FlowReport, rhs: FlowReport) -> Bool {
        lhs.request == rhs.request && lhs.flows == rhs.flows && lhs.regionFunnelsByKey == rhs.regionFunnelsByKey
            && lhs.brokerFunnelsByKey == rhs.brokerFunnelsByKey && lhs.total == rhs.total
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(request)
        hasher.combine(flows)
        hasher.combine(total)
    }
}
