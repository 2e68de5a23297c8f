import TIBSRPC

/// Every method of `tibs.policy.v1.PolicyInfluence` but WatchChanges (the service kit installs
/// that one from the store's feed). Each group registers itself; GetSurveyReport's handlers
/// (Evidence/) add one line here.
public enum PolicyRoutes {
    public static func router(app: PolicyApp) -> RPCRouter {
        var router = RPCRouter()
        register(on: &router, app: app)
        return router
    }

    /// The policy service's own groups of methods on `router`.
    public static func register(on router: inout RPCRouter, app: PolicyApp) {
        InstitutionHandlers.register(on: &router, app: app)
        StrategyHandlers.register(on: &router, app: app)
        BarrierReportHandlers.register(on: &router, app: app)
        SurveyReportHandlers.register(on: &router, app: app)
        IssueHandlers.register(on: &router, app: app)
        ActionHandlers.register(on: &router, app: app)
    }

    /// The protobuf codec the use cases write feed payloads and stored responses with.
    public static var codec: any PolicyCoding { ProtoCodec() }
}
