import Foundation

/// A new candidate for an open need, pushed as the replica applies the upstream event that
/// made it: the candidate scored as FindMatches would score it now, with its rank in the need's top 20.
public struct CandidateAlert: Sendable, Hashable {
    public var need: NeedProfile
    public var scored: ScoredCandidate
    /// 1-based position in the need's ranking when detected.
    public var rank: Int
    public var detectedAt: Date
    /// The upstream event (its feed's sequence) that created or changed the candidate or the need.
    public var upstreamSequence: Int64

    public init(need: NeedProfile, scored: ScoredCandidate, rank: Int, detectedAt: Date, upstreamSequence: Int64) {
        self.need = need
        self.scored = scored
        self.rank = rank
        self.detectedAt = detectedAt
        self.upstreamSequence = upstreamSequence
    }
}
