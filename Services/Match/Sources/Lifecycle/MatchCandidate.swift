import TIBSDomain

/// The candidate of a match as it was proposed: its score parts are kept as they were, so the
/// broker can later read why it was proposed even after the data or the weights changed.
public struct MatchCandidate: Sendable, Hashable {
    /// Qualified "<upstream>/<id>".
    public var id: String
    public var kind: CandidateKind
    public var title: String
    /// The provider's or offering SME's name.
    public var ownerName: String
    /// For a partner offer, what other regions see before the introduction; empty otherwise.
    public var ownerTeaser: String
    public var region: RegionRef
    public var parts: ScoreParts
    public var matchedTerms: [String]
    public var upstream: String

    public init(id: String, kind: CandidateKind, title: String, ownerName: String, ownerTeaser: String, region: RegionRef,
                parts: ScoreParts, matchedTerms: [String], upstream: String) {
        self.id = id
        self.kind = kind
        self.title = title
        self.ownerName = ownerName
        self.ownerTeaser = ownerTeaser
        self.region = region
        self.parts = parts
        self.matchedTerms = matchedTerms
        self.upstream = upstream
    }
}
