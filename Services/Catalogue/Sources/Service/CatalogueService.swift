import Logging
import TIBSServiceKit
import TIBSStore

/// The wiring of `tibs-catalogue`: its store file and migrations, its methods, its feed, and
/// the sweeper that retires closed programmes.
public enum CatalogueService {
    public static let name = "tibs-catalogue"
    /// PROTOCOL.md: the catalogue's port.
    public static let defaultPort = 7402
    public static let databaseFile = "catalogue.sqlite"

    public static func definition(rules: CatalogueRules = CatalogueRules()) -> ServiceDefinition {
        var definition = ServiceDefinition(name: name, defaultPort: defaultPort, databaseFile: databaseFile,
                                           migrations: CatalogueMigrations.migrator, watchChangesPath: CatalogueMethods.watchChanges,
                                           secureDelete: true) { store, _ in
            CatalogueRoutes.router(app: app(store: store, rules: rules))
        }
        definition.background = { store, logger in [FreshnessSweeper(app: app(store: store, rules: rules), logger: logger)] }
        return definition
    }

    /// The use cases on an opened store (opened with `secure_delete`: erased contact persons
    /// must not survive in free pages).
    public static func app(store: ServiceStore, rules: CatalogueRules = CatalogueRules()) -> CatalogueApp {
        CatalogueApp(store: store, rules: rules, codec: CatalogueRoutes.codec)
    }
}
