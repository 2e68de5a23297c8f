import TIBSRPC

/// Every method of `tibs.catalogue.v1.ResourceCatalogue` but WatchChanges (the service kit
/// installs that one from the store's feed).
public enum CatalogueRoutes {
    public static func router(app: CatalogueApp) -> RPCRouter {
        var router = RPCRouter()
        ProviderHandlers.register(on: &router, app: app)
        ResourceHandlers.register(on: &router, app: app)
        return router
    }

    /// The protobuf codec the use cases write feed payloads and stored responses with.
    public static var codec: any CatalogueCoding { ProtoCodec() }
}
