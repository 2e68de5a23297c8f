/// One ranked answer: the candidate, its score parts and the query terms it matched.
public struct ScoredCandidate: Sendable, Hashable {
    public var candidate: CandidateProfile
    public var parts: ScoreParts
    /// The folded query terms found in the candidate's text, sorted.
    public var matchedTerms: [String]

    public init(candidate: CandidateProfile, parts: ScoreParts, matchedTerms: [String]) {
        self.candidate = candidate
        self.parts = parts
        self.matchedTerms = matchedTerms
    }
}
