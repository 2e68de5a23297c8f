import TIBSDomain

/// One version of a region's S3 strategy, validated: in force from ``validFrom`` to ``validTo``
/// (both inclusive; nil: open-ended).
public struct RegionalStrategyFields: Sendable, Hashable {
    public var region: String
    public var validFrom: CalendarDate
    public var validTo: CalendarDate?
    public var priorities: [PriorityArea]
    public var documentTitle: String
    public var documentURL: String

    public init(region: String, validFrom: CalendarDate, validTo: CalendarDate?, priorities: [PriorityArea],
                documentTitle: String, documentURL: String) {
        self.region = region
        self.validFrom = validFrom
        self.validTo = validTo
        self.priorities = priorities
        self.documentTitle = documentTitle
        self.documentURL = documentURL
    }

    /// True when the version is in force on `date` (ignoring other versions).
    public func covers(_ date: CalendarDate) -> Bool {
        validFrom <= date && (validTo.map { date <= $0 } ?? true)
    }
}
