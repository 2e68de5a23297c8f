/// Matches from a need-side region to a candidate-side region over a period.
public struct RegionFlow: Sendable, Hashable {
    public var fromRegion: String
    public var toRegion: String
    public var matches: Int
    public var introductions: Int
    public var agreements: Int

    public init(fromRegion: String, toRegion: String, matches: Int = 0, introductions: Int = 0, agreements: Int = 0) {
        self.fromRegion = fromRegion
        self.toRegion = toRegion
        self.matches = matches
        self.introductions = introductions
        self.agreements = agreements
    }
}
