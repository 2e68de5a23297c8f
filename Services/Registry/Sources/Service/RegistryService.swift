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
                          migrations: RegistryMigrations.migrator, watchChangesPath: RegistryMethods.watchChanges) { store, _ in
            RegistryRoutes.router(app: try app(store: store, rules: rules))
        }
    }

    /// The use cases on an opened store. Turns on `secure_delete` on the store's writer
    /// connection first: erased and deleted contact persons must not survive as stale bytes
    /// in free pages of the file (the writer is the only connection that changes pages).
    public static func app(store: ServiceStore, rules: RegistryRules = RegistryRules()) throws -> RegistryApp {
        try store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        return RegistryApp(store: store, rules: rules, codec: RegistryRoutes.codec)
    }
}
