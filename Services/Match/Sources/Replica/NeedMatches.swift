/// One need's ranked candidates, best first.
public struct NeedMatches: Sendable {
    public var need: NeedProfile
    public var candidates: [ScoredCandidate]

    public init(need: NeedProfile, candidates: [ScoredCandidate]) {
        self.need = need
        self.candidates = candidates
    }
}
