/// The weight of each score part: configuration (`--weights FILE`), with documented defaults
/// (docs/match.md). Same data and weights give the same ranking.
public struct ScoreWeights: Sendable, Hashable, Codable {
    public var textRelevance: Double
    public var s3Overlap: Double
    public var naceFit: Double
    public var crossBorder: Double
    public var s3Priority: Double
    public var trlStageFit: Double
    public var availability: Double

    public init(textRelevance: Double, s3Overlap: Double, naceFit: Double, crossBorder: Double, s3Priority: Double,
                trlStageFit: Double, availability: Double) {
        self.textRelevance = textRelevance
        self.s3Overlap = s3Overlap
        self.naceFit = naceFit
        self.crossBorder = crossBorder
        self.s3Priority = s3Priority
        self.trlStageFit = trlStageFit
        self.availability = availability
    }

    /// Text first, then the structured fits; the cross-border bonus reflects the mission
    /// (internationalisation). H1 (scoring) tunes these against the judged set and documents them.
    public static let defaults = ScoreWeights(textRelevance: 0.40, s3Overlap: 0.15, naceFit: 0.15, crossBorder: 0.10,
                                              s3Priority: 0.08, trlStageFit: 0.07, availability: 0.05)

    /// Text relevance alone: the evaluation's baseline.
    public static let textOnly = ScoreWeights(textRelevance: 1, s3Overlap: 0, naceFit: 0, crossBorder: 0, s3Priority: 0,
                                              trlStageFit: 0, availability: 0)
}
