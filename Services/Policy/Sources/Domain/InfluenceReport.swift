/// GetInfluenceReport's answer: the figures over every matching issue, per institution addressed
/// and per region an issue concerns.
public struct InfluenceReport: Sendable, Hashable {
    public struct InstitutionFigures: Sendable, Hashable {
        public var institutionID: String
        public var institutionName: String
        public var figures: InfluenceFigures
    }

    public struct RegionFigures: Sendable, Hashable {
        public var region: String
        public var figures: InfluenceFigures
    }

    public var total: InfluenceFigures
    /// By adoption rate (highest first), then name.
    public var institutions: [InstitutionFigures]
    /// By region code.
    public var regions: [RegionFigures]
    public var overdueAfterDays: Int
}
