/// FindMatches' answer: per need its candidates, and the upstreams the answer may be behind on.
public struct MatchAnswer: Sendable {
    public var needs: [NeedMatches]
    /// Upstreams not connected, never synced, or lagging (sorted).
    public var staleUpstreams: [String]

    public init(needs: [NeedMatches], staleUpstreams: [String]) {
        self.needs = needs
        self.staleUpstreams = staleUpstreams
    }
}
