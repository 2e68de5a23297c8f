import TIBSRPC

/// The replica's methods on the match service's router: FindMatches, ListLikelyDuplicates,
/// WatchNewCandidates.
public enum ReplicaHandlers {
    public static func register(on router: inout RPCRouter, replica: MatchReplica) {
        FindMatchesHandlers.register(on: &router, replica: replica)
        DuplicateHandlers.register(on: &router, replica: replica)
        AlertHandlers.register(on: &router, replica: replica)
    }
}
