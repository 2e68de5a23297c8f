/// Method paths of `tibs.catalogue.v1.ResourceCatalogue`.
public enum CatalogueMethods {
    public static let service = "/tibs.catalogue.v1.ResourceCatalogue/"
    public static let createProvider = service + "CreateProvider"
    public static let getProvider = service + "GetProvider"
    public static let updateProvider = service + "UpdateProvider"
    public static let listProviders = service + "ListProviders"
    public static let createResource = service + "CreateResource"
    public static let getResource = service + "GetResource"
    public static let updateResource = service + "UpdateResource"
    public static let submitResource = service + "SubmitResource"
    public static let publishResource = service + "PublishResource"
    public static let retireResource = service + "RetireResource"
    public static let listResources = service + "ListResources"
    public static let importResources = service + "ImportResources"
    public static let exportProvider = service + "ExportProvider"
    public static let eraseProviderPersonalData = service + "EraseProviderPersonalData"
    public static let watchChanges = service + "WatchChanges"
}
