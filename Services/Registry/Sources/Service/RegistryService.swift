import GRDB
import Logging
import TIBSDomain
import TIBSRPC
import TIBSServiceKit
import TIBSStore

/// The wiring of `tibs-registry`: its store file and migrations, its methods, its feed.
public enum RegistryService {
    public static let name = "tibs-registry"
    /// PROTOCOL.md: the registry's port.
    public static let defaultPort = 7401
    public static let databaseFile = "registry.sqlite"

    public static func definition(rules: RegistryRules = RegistryRules()) -> ServiceDefinition {
        ServiceDefinition(name: name, defaultPort: defaultPort, databaseFile: databaseFile,
                          migrations: RegistryMigrations.migrator, watchChangesPath: RegistryMethods.watchChanges,
                          secureDelete: true) { store, _ in
            RegistryRoutes.router(app: app(store: store, rules: rules))
        }
    }

    /// The use cases on an opened store. The definition opens the store with `secure_delete`:
    /// erased and deleted contact persons must not survive as stale bytes in free pages of
    /// the file.
    public static func app(store: ServiceStore, rules: RegistryRules = RegistryRules()) -> RegistryApp {
        RegistryApp(store: store, rules: rules, codec: RegistryRoutes.codec)
    }
}
