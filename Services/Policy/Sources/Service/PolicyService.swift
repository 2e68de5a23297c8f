import Logging
import TIBSRPC
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
    ///   - followTLS: trust for the followed registries (`--follow-ca`).
    ///   - sync: how current the evidence is, for the reports' `sync`; nil: the followers' board.
    public static func definition(settings: PolicySettings = PolicySettings(), rules: PolicyRules = PolicyRules(),
                                  followTLS: ClientTLS? = nil, sync: EvidenceSyncSource? = nil) -> ServiceDefinition {
        // Evidence (Evidence/): one follower per --follow, its tables after policy.v1, its health probe.
        let following = EvidenceFollowing(settings: settings, tls: followTLS)
        var migrations = PolicyMigrations.migrator
        EvidenceMigrations.register(&migrations)
        let sync = sync ?? following.syncSource
        var definition = ServiceDefinition(name: name, defaultPort: defaultPort, databaseFile: databaseFile,
                                           migrations: migrations, watchChangesPath: PolicyMethods.watchChanges,
                                           secureDelete: true) { store, _ in
            PolicyRoutes.router(app: app(store: store, settings: settings, rules: rules, sync: sync))
        }
        definition.background = { store, logger in following.followers(store: store, logger: logger) }
        definition.healthProbes = [following.board.healthProbe]
        return definition
    }

    /// The use cases on an opened store.
    public static func app(store: ServiceStore, settings: PolicySettings = PolicySettings(), rules: PolicyRules = PolicyRules(),
                           sync: EvidenceSyncSource = .none) -> PolicyApp {
        PolicyApp(store: store, settings: settings, rules: rules, codec: PolicyRoutes.codec, sync: sync)
    }
}
