import TIBSRPC

/// Every method of `tibs.registry.v1.SmeRegistry` but WatchChanges (the service kit
/// installs that one from the store's feed).
public enum RegistryRoutes {
    public static func router(app: RegistryApp) -> RPCRouter {
        var router = RPCRouter()
        SMEHandlers.register(on: &router, app: app)
        PostingHandlers.register(on: &router, app: app)
        SurveyBrokerHandlers.register(on: &router, app: app)
        ImportHandler.register(on: &router, app: app)
        return router
    }

    /// The protobuf codec the use cases write feed payloads and stored responses with.
    public static var codec: any RegistryCoding { ProtoCodec() }
}
