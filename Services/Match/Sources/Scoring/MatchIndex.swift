import TIBSDomain

/// The in-memory index FindMatches ranks from. PLACEHOLDER of the contract (H1 replaces it):
/// the replica (H2) builds it from its database and keeps it current after every applied batch.
public struct MatchIndex: Sendable {
    private var candidates: [QualifiedID: CandidateProfile] = [:]

    public init() {}

    public var count: Int { candidates.count }

    public func candidate(_ id: QualifiedID) -> CandidateProfile? { candidates[id] }

    /// Adds or replaces a matchable candidate.
    public mutating func upsert(_ candidate: CandidateProfile) { candidates[candidate.id] = candidate }

    /// Removes a candidate that is no longer matchable (retired, withdrawn, deleted).
    public mutating func remove(_ id: QualifiedID) { candidates[id] = nil }

    /// The need's candidates, best first (ties by id), at most `filters.limit`, never the need's own SME.
    public func rank(_ need: NeedProfile, filters: MatchFilters, weights: ScoreWeights, priorities: PriorityLookup) -> [ScoredCandidate] {
        []
    }

    /// One candidate's score for a need (alerts score the candidate an event created); nil when
    /// the filters or the availability rules exclude it.
    public func score(_ need: NeedProfile, _ candidate: CandidateProfile, filters: MatchFilters, weights: ScoreWeights,
                      priorities: PriorityLookup) -> ScoredCandidate? {
        nil
    }
}
