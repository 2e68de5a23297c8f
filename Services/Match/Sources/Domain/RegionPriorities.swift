import TIBSDomain

/// A region's S3 priority areas with their weights (0...1) on a day, as the policy service's
/// strategy versions say; scoring asks through ``PriorityLookup``.
public struct RegionPriorities: Sendable, Hashable {
    public var region: String
    public var weights: [String: Double]

    public init(region: String, weights: [String: Double]) {
        self.region = region
        self.weights = weights
    }
}

/// The priorities in force for a NUTS code on a date (the nearest enclosing region with a
/// strategy answers; nil: none known). The replica implements it from the followed policy feeds.
public typealias PriorityLookup = @Sendable (_ nuts: String, _ on: CalendarDate) -> RegionPriorities?
