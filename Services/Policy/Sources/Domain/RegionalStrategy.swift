import Foundation

/// One stored version of a region's S3 strategy. Versions are never changed or removed.
public struct RegionalStrategy: Sendable, Hashable {
    public var id: String
    public var fields: RegionalStrategyFields
    /// ISO country of the region.
    public var country: String
    public var setAt: Date
    /// Token subject of the admin who set it.
    public var setBy: String

    public init(id: String, fields: RegionalStrategyFields, country: String, setAt: Date, setBy: String) {
        self.id = id
        self.fields = fields
        self.country = country
        self.setAt = setAt
        self.setBy = setBy
    }
}
