/// A validated FindMatches: exactly one of a need id or an SME id (qualified "<upstream>/<id>"
/// or bare), the filters and the weights to score with.
public struct MatchQuery: Sendable {
    public enum Subject: Sendable, Hashable {
        case need(String)
        case sme(String)
    }

    public var subject: Subject
    public var filters: MatchFilters
    public var weights: ScoreWeights?

    /// - Parameter weights: nil: the replica's configured weights.
    public init(subject: Subject, filters: MatchFilters, weights: ScoreWeights? = nil) {
        self.subject = subject
        self.filters = filters
        self.weights = weights
    }
}
