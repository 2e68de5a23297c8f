import Foundation
import GRDB
import NIOConcurrencyHelpers
import Testing
import TIBSProto
import TIBSRegistry
import TIBSRPC
@testable import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// The follower when its upstream is restored from a backup: the upstream's feed epoch changes,
/// the follower drops what it applied (the reset, once), replays from 0 and ends with exactly the
/// restored upstream's events, none twice and none missed (its sequences above the backup were
/// handed out again). Real registry over TLS, real SQLite on both sides; waits on the board.
@Suite struct FeedFollowerResyncTests {
    /// The follower's hooks as they were called, and the board as the first replayed event found it.
    final class Calls: Sendable {
        private let counts = NIOLockedValueBox((resets: 0, afterResets: 0, statusAtReplay: UpstreamStatus?.none))
        func reset() { counts.withLockedValue { $0.resets += 1 } }
        func afterReset() { counts.withLockedValue { $0.afterResets += 1 } }
        func applying(_ board: FollowerStatusBoard) {
            counts.withLockedValue { counts in
                if counts.resets == 1, counts.statusAtReplay == nil { counts.statusAtReplay = board.status(FollowerFixture.upstream) }
            }
        }
        var resets: Int { counts.withLockedValue { $0.resets } }
        var afterResets: Int { counts.withLockedValue { $0.afterResets } }
        var statusAtReplay: UpstreamStatus? { counts.withLockedValue { $0.statusAtReplay } }
    }

    static func follower(port: Int, tokenFile: URL, store: ServiceStore, board: FollowerStatusBoard, calls: Calls) -> FeedFollower {
        FeedFollower(configuration: FollowerFixture.configuration(port: port, tokenFile: tokenFile, batchSize: 3), store: store, board: board,
                     clock: FollowerFixture.instantClock(ManualClock(), sleeps: Sleeps()), logger: testLogger("tibs.test.follower"),
                     apply: { db, event in
                         calls.applying(board)
                         try FollowerFixture.apply(db, event)
                     },
                     reset: { db in
                         try db.execute(sql: "DELETE FROM applied")
                         calls.reset()
                     },
                     afterReset: { calls.afterReset() })
    }

    /// The entity ids of the upstream's feed, in sequence order.
    static func feedIDs(_ store: ServiceStore) async throws -> [String] {
        try await store.readChanges(after: 0, limit: 1000).map(\.entityID)
    }

    @Test func aRestoredUpstreamIsResyncedFromZeroOnceWithoutGapsOrDuplicates() async throws {
        let definition = RegistryService.definition()
        try await withTemporaryDirectory("tibs-follower-resync") { directory in
            let registryData = directory.appendingPathComponent("registry").path
            let backup = directory.appendingPathComponent("registry.backup").path
            let tokenFile = directory.appendingPathComponent("token")
            try FollowerFixture.writeToken(.service, to: tokenFile)
            let store = try FollowerFixture.openStore(directory)
            let board = FollowerStatusBoard()
            let calls = Calls()

            // First life of the registry: 5 SMEs, the backup, 3 more; the follower applies all 8.
            let first = try ServiceRunner.openStore(definition, dataDir: registryData, logger: testLogger("tibs.test.registry"))
            let firstEpoch = first.feedEpoch
            let port = try await withTestServer(router: try ServiceRunner.router(definition, store: first, logger: testLogger("tibs.test.registry")),
                                                installBuiltins: false, configure: { $0.shutdownGracePeriod = .milliseconds(200) }) { _, port in
                let writer = try makeTestClient(port: port)
                try await FollowerFixture.createSmes(writer, 0..<5)
                try await first.backup(to: backup)
                try await FollowerFixture.createSmes(writer, 5..<8)
                await writer.close()
                try await FollowerFixture.whileFollowing(Self.follower(port: port, tokenFile: tokenFile, store: store, board: board, calls: calls)) {
                    try await FollowerFixture.waitUntil(board, "the first life") { $0.syncedOnce && $0.cursor == 8 }
                }
                return port
            }
            try first.close()
            #expect(try await FollowerFixture.storedCursor(store)?.epoch == firstEpoch)
            #expect(try await FollowerFixture.applied(store) == Array(1...8))

            // Restored to the backup (sequence 5, a new epoch), then 2 new SMEs: sequences 6 and 7 again.
            let restored = try await ServiceStore.restore(from: backup, to: first.path)
            #expect(restored.latestSequence == 5 && restored.feedEpoch != firstEpoch)
            let second = try ServiceRunner.openStore(definition, dataDir: registryData, logger: testLogger("tibs.test.registry"))
            try await withTestServer(router: try ServiceRunner.router(definition, store: second, logger: testLogger("tibs.test.registry")),
                                     installBuiltins: false, configure: { $0.port = port; $0.shutdownGracePeriod = .milliseconds(200) }) { _, _ in
                let writer = try makeTestClient(port: port)
                try await FollowerFixture.createSmes(writer, 100..<102)
                await writer.close()
                try await FollowerFixture.whileFollowing(Self.follower(port: port, tokenFile: tokenFile, store: store, board: board, calls: calls)) {
                    try await FollowerFixture.waitUntil(board, "the resync") { $0.resyncs == 1 && $0.syncedOnce && $0.cursor == 7 }
                }
            }
            #expect(calls.resets == 1 && calls.afterResets == 1)
            // While it replayed, the board said never synced, from cursor 0 (Health: not ready).
            let replaying = try #require(calls.statusAtReplay)
            #expect(replaying.resyncs == 1 && !replaying.syncedOnce && replaying.cursor == 0)
            #expect(try await FollowerFixture.applied(store) == Array(1...7))
            let appliedIDs = try await store.read { db in try String.fetchAll(db, sql: "SELECT entity_id FROM applied ORDER BY sequence") }
            #expect(appliedIDs == (try await Self.feedIDs(second)), "exactly the restored registry's events")
            let cursor = try await FollowerFixture.storedCursor(store)
            #expect(cursor?.sequence == 7 && cursor?.epoch == second.feedEpoch && cursor?.syncedAt != nil)
            try second.close()
            try store.close()
        }
    }

    @Test func theFirstEpochIsAdoptedAndOnlyAnotherOneOrAHeadBelowTheCursorMeansAResync() {
        func event(epoch: String, head: UInt64? = nil) -> Tibs_Common_V1_ChangeEvent {
            head.map { ChangeFeedStreaming.marker(sentUpTo: Int64($0), head: Int64($0), epoch: epoch) }
                ?? .with { $0.sequence = 9; $0.entityType = "sme"; $0.kind = .created; $0.feedEpoch = epoch }
        }
        #expect(FeedFollower.resyncReason(event(epoch: "a"), isMarker: false, epoch: "", cursor: 8) == nil, "no stored epoch: adopt")
        #expect(FeedFollower.resyncReason(event(epoch: ""), isMarker: false, epoch: "a", cursor: 8) == nil, "an older upstream")
        #expect(FeedFollower.resyncReason(event(epoch: "a"), isMarker: false, epoch: "a", cursor: 8) == nil)
        #expect(FeedFollower.resyncReason(event(epoch: "b"), isMarker: false, epoch: "a", cursor: 8) != nil)
        #expect(FeedFollower.resyncReason(event(epoch: "a", head: 8), isMarker: true, epoch: "a", cursor: 8) == nil)
        #expect(FeedFollower.resyncReason(event(epoch: "a", head: 5), isMarker: true, epoch: "a", cursor: 8) != nil, "rewound")
    }
}
