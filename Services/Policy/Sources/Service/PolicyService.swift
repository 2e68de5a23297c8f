import Logging
import TIBSServiceKit
import TIBSStore

/// The wiring of `tibs-policy`: its store file (`secure_delete` on: institution contacts are
/// personal data, erasable) and migrations, its methods and its feed.
public enum PolicyService {
    public static let name = "tibs-policy"
    /// PROTOCOL.md: the policy service's port.
    public static let defaultPort = 7403
    public static let databaseFile = "policy.sqlite"

    /// - Parameters:
    ///   - settings: the policy options (`--overdue-after-days`, `--follow`, …).
    ///   - sync: how current the evidence is, for the reports' `sync` (the follower's, once wired).
    public static func definition(settings: PolicySettings = PolicySettings(), rules: PolicyRules = PolicyRules(),
                                  sync: EvidenceSyncSource = .none) -> ServiceDefinition {
        ServiceDefinition(name: name, defaultPort: defaultPort, databaseFile: databaseFile,
                          migrations: PolicyMigrations.migrator, watchChangesPath: PolicyMethods.watchChanges,
                          secureDelete: true) { store, _ in
            PolicyRoutes.router(app: app(store: store, settings: settings, rules: rules, sync: sync))
        }
    }

    /// The use cases on an opened store.
    public static func app(store: ServiceStore, settings: PolicySettings = PolicySettings(), rules: PolicyRules = PolicyRules(),
                           sync: EvidenceSyncSource = .none) -> PolicyApp {
        PolicyApp(store: store, settings: settings, rules: rules, codec: PolicyRoutes.codec, sync: sync)
    }
}
