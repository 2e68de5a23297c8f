/// Where an entity of any service is: a NUTS region of a country, with the NUTS version of the
/// code. Shared, because every service scopes its data (and its brokers' writes) by region.
public struct RegionRef: Sendable, Hashable, Codable {
    /// ISO 3166-1 alpha-2.
    public var country: String
    /// A NUTS code (level 1 to 3) lying in ``country``.
    public var nutsCode: String
    public var nutsVersion: String

    public init(country: String, nutsCode: String, nutsVersion: String) {
        self.country = country
        self.nutsCode = nutsCode
        self.nutsVersion = nutsVersion
    }
}
