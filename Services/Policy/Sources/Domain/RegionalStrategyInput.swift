import TIBSDomain

/// SetRegionalStrategy's fields as sent (dates as text); ``PolicyRules/validate(_:)-strategy``
/// turns them into ``RegionalStrategyFields``.
public struct RegionalStrategyInput: Sendable, Hashable {
    public var region: String
    public var validFrom: String
    public var validTo: String
    public var priorities: [PriorityArea]
    public var documentTitle: String
    public var documentURL: String

    public init(region: String, validFrom: String, validTo: String = "", priorities: [PriorityArea], documentTitle: String, documentURL: String) {
        self.region = region
        self.validFrom = validFrom
        self.validTo = validTo
        self.priorities = priorities
        self.documentTitle = documentTitle
        self.documentURL = documentURL
    }
}
