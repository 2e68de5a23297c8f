import TIBSDomain

/// GetInfluenceReport's selection of issues: concerning `region` or a sub-region (empty: all),
/// raised between `raisedFrom` and `raisedTo` (UTC days, inclusive; nil: open).
public struct InfluenceReportRequest: Sendable, Hashable {
    public var region: String
    public var raisedFrom: CalendarDate?
    public var raisedTo: CalendarDate?

    public init(region: String = "", raisedFrom: CalendarDate? = nil, raisedTo: CalendarDate? = nil) {
        self.region = region
        self.raisedFrom = raisedFrom
        self.raisedTo = raisedTo
    }
}
