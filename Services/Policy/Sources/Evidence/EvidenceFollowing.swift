import Foundation
import Logging
import ServiceLifecycle
import TIBSRPC
import TIBSServiceKit
import TIBSStore

/// The followed registries of one `tibs-policy`: one ``FeedFollower`` per `--follow`, each with
/// its own cursor, all on one status board that feeds Health (NOT_SERVING only while one has
/// never synced), the `tibs_follower_*` gauges and the reports' `sync`.
public struct EvidenceFollowing: Sendable {
    /// The registry's WatchChanges (the registry's own RegistryMethods.watchChanges; services do
    /// not link each other's targets).
    public static let registryWatchPath = "/tibs.registry.v1.SmeRegistry/WatchChanges"

    public let targets: [TIBSServiceKit.FollowTarget]
    public let board: FollowerStatusBoard
    let tls: ClientTLS?
    let tokenFile: String?
    let clock: FollowerClock

    /// - Parameters:
    ///   - tls: trust for the registries' certificates (`--follow-ca`); nil trusts the system store.
    public init(settings: PolicySettings, tls: ClientTLS?, clock: FollowerClock = .system) {
        self.targets = settings.follows
        self.board = FollowerStatusBoard(upstreams: targets.map(\.name))
        self.tls = tls
        self.tokenFile = settings.followTokenFile
        self.clock = clock
    }

    /// One follower per registry, applying its events through ``RegistryEvidence`` (which also drops
    /// the registry's evidence when a restore makes the follower resync).
    public func followers(store: ServiceStore, logger: Logger) -> [FeedFollower] {
        targets.map { target in
            let evidence = RegistryEvidence(upstream: target.name, board: board, logger: logger)
            let configuration = FeedFollower.Configuration(target: target, watchPath: Self.registryWatchPath,
                                                           entityTypes: RegistryEvidence.entityTypes, tls: tls, tokenFile: tokenFile)
            return FeedFollower(configuration: configuration, store: store, board: board, clock: clock, logger: logger, apply: evidence.apply,
                                reset: evidence.reset)
        }
    }

    /// The reports' `sync`: one entry per followed registry, from the board.
    public var syncSource: EvidenceSyncSource {
        let board = self.board
        return EvidenceSyncSource {
            board.snapshot().map {
                UpstreamSync(upstream: $0.upstream, cursor: UInt64(max(0, $0.cursor)), lastSyncedAt: $0.lastCaughtUpAt,
                             syncedOnce: $0.syncedOnce, lagEvents: UInt64(max(0, $0.lag)))
            }
        }
    }
}
