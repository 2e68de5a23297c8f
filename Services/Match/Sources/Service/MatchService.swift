import GRDB
import Logging
import TIBSRPC
import TIBSServiceKit
import TIBSStore

/// The wiring of `tibs-match`: its store file and migrations, its methods and its feed.
public enum MatchService {
    public static let name = "tibs-match"
    /// PROTOCOL.md: the match service's port.
    public static let defaultPort = 7404
    public static let databaseFile = "match.sqlite"

    /// The migrations of the match store: the followers' cursors.
    public static var migrations: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        FollowerSchema.register(&migrator)
        return migrator
    }

    /// - Parameter settings: the match options (`--follow-*`, `--weights`, …), resolved.
    public static func definition(settings: MatchSettings = MatchSettings()) -> ServiceDefinition {
        // secure_delete on: the replica holds SMEs' legal names and websites, which upstream erasure removes.
        ServiceDefinition(name: name, defaultPort: defaultPort, databaseFile: databaseFile, migrations: migrations,
                          watchChangesPath: MatchMethods.watchChanges, secureDelete: true) { _, _ in
            MatchRoutes.router()
        }
    }
}
