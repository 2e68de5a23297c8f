import TIBSRPC

/// Every method of `tibs.match.v1.Matchmaking` but WatchChanges (the service kit installs that
/// one from the store's feed). Each group registers itself.
public enum MatchRoutes {
    public static func router(replica: MatchReplica, lifecycle: MatchLifecycleApp) -> RPCRouter {
        var router = RPCRouter()
        ReplicaHandlers.register(on: &router, replica: replica)
        LifecycleHandlers.register(on: &router, app: lifecycle)
        return router
    }
}
