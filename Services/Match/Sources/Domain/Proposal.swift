import TIBSDomain

/// What ProposeMatch keeps: the need, the candidate scored as FindMatches answers it now (its
/// parts are stored as they were), and how the SMEs involved are named in full and as teasers.
public struct Proposal: Sendable, Hashable {
    public var need: NeedProfile
    public var scored: ScoredCandidate
    /// The need side SME's legal name, shown once the match is introduced (or to its own region).
    public var smeName: String
    /// Always shown: "an SME in LV008, NACE 62.01, 10-49 staff" — no name, contacts or website.
    public var smeTeaser: String
    /// For a partner offer, the offering SME's teaser (its legal name is `scored.candidate.ownerName`).
    public var candidateOwnerTeaser: String

    public init(need: NeedProfile, scored: ScoredCandidate, smeName: String, smeTeaser: String, candidateOwnerTeaser: String) {
        self.need = need
        self.scored = scored
        self.smeName = smeName
        self.smeTeaser = smeTeaser
        self.candidateOwnerTeaser = candidateOwnerTeaser
    }
}
