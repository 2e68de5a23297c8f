/// A candidate's score as named parts, each 0...1 before its weight, and the weighted total:
/// what a broker reads to check why a candidate ranks where it does (docs/match.md).
public struct ScoreParts: Sendable, Hashable, Codable {
    public var textRelevance: Double = 0
    public var s3Overlap: Double = 0
    public var naceFit: Double = 0
    public var crossBorder: Double = 0
    public var s3Priority: Double = 0
    public var trlStageFit: Double = 0
    public var availability: Double = 0
    /// Σ weight × part.
    public var total: Double = 0

    public init() {}
}
