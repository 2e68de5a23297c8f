import GRDB
import Logging
import TIBSRPC
import TIBSServiceKit
import TIBSStore

/// The wiring of `tibs-match`: its store file and migrations, its methods, its followers and
/// its feed. One ``MatchReplica`` per running service: its followers keep the index current,
/// its board is the Health probe (NOT_SERVING until every upstream has synced once).
public enum MatchService {
    public static let name = "tibs-match"
    /// PROTOCOL.md: the match service's port.
    public static let defaultPort = 7404
    public static let databaseFile = "match.sqlite"

    /// The migrations of the match store: the replica's tables and the followers' cursors, then
    /// the lifecycle's matches.
    public static var migrations: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        ReplicaMigrations.register(&migrator)
        LifecycleMigrations.register(&migrator)
        return migrator
    }

    /// - Parameter settings: the match options (`--follow-*`, `--weights`, `--alert-threshold`, …), resolved.
    public static func definition(settings: MatchSettings = MatchSettings()) -> ServiceDefinition {
        let slot = ReplicaSlot { store in
            MatchReplica(store: store, upstreams: settings.upstreams, weights: settings.weights,
                         alerts: AlertHub(threshold: settings.alertThreshold))
        }
        let tls = ClientTLS(trustRootsPEM: settings.followTrustRootsPEM)
        // secure_delete on: the replica holds SMEs' legal names and websites, which upstream erasure removes.
        var definition = ServiceDefinition(name: name, defaultPort: defaultPort, databaseFile: databaseFile, migrations: migrations,
                                           watchChangesPath: MatchMethods.watchChanges, secureDelete: true) { store, _ in
            let replica = slot.replica(on: store)
            let lifecycle = MatchLifecycleApp(store: store, directory: replica,
                                              settings: LifecycleSettings(responseWorkingDays: settings.responseWorkingDays))
            return MatchRoutes.router(replica: replica, lifecycle: lifecycle)
        }
        // The index from the store before the server listens: right after a restart, FindMatches
        // and ProposeMatch would otherwise answer from an empty index (no candidates, NOT_FOUND).
        definition.prepare = { store, logger in
            let replica = slot.replica(on: store)
            try await replica.ensureLoaded()
            logger.info("match index loaded", metadata: ["candidates": "\(replica.candidateCount)", "needs": "\(replica.needCount)"])
        }
        definition.background = { store, logger in
            slot.replica(on: store).followers(tls: tls, tokenFile: settings.followTokenFile, logger: logger)
        }
        definition.healthProbes = [HealthProbe(name: "followers", check: {
            guard let replica = slot.current else { return "the replica is not open yet" }
            return replica.board.notReadyReason()
        }, degraded: { slot.current?.staleReason() })]
        return definition
    }
}
