import TIBSDomain

/// GetFlowReport's period and grouping, validated.
public struct FlowReportRequest: Sendable, Hashable {
    /// nil: from the first match.
    public var from: CalendarDate?
    /// Inclusive; the caller's "today" when not given.
    public var to: CalendarDate
    /// 0 = country (ISO code), 1...3 = NUTS level.
    public var regionLevel: Int

    public init(from: CalendarDate?, to: CalendarDate, regionLevel: Int) {
        self.from = from
        self.to = to
        self.regionLevel = regionLevel
    }

    /// The region a side is counted under at `regionLevel`.
    public func group(country: String, nuts: String) -> String {
        regionLevel == 0 ? country : String(nuts.prefix(2 + regionLevel))
    }
}
