import Foundation
import GRDB
import NIOConcurrencyHelpers
import Testing
import TIBSProto
import TIBSRegistry
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// FeedFollower's after-commit hook: told exactly the events each batch applied, once the
/// batch's rows are committed (the hook reads them back from the store), and before the status
/// board moves (a waiter on the board sees the hook's effects).
@Suite struct AfterCommitHookTests {
    final class Seen: Sendable {
        let state = NIOLockedValueBox<(events: [Int64], rowsWhenTold: [Int])>(([], []))
    }

    @Test func theHookHearsEachAppliedEventOnceAfterItsRowsAreCommitted() async throws {
        try await withService(RegistryService.definition()) { registry in
            try await withTemporaryDirectory("tibs-after-commit") { directory in
                let client = try registry.client(.admin)
                for index in 0..<7 { _ = try await ReplicaFixture.createSme(client, name: "Hook \(index)", registration: "LV4100\(index)") }
                var migrator = DatabaseMigrator()
                migrator.registerMigration("test.v1") { db in try db.execute(sql: "CREATE TABLE applied (sequence INTEGER PRIMARY KEY)") }
                FollowerSchema.register(&migrator)
                let store = try ServiceStore.open(path: directory.appendingPathComponent("hook.sqlite").path, migrations: migrator,
                                                  logger: testLogger("tibs.test.hook"))
                let seen = Seen()
                let board = FollowerStatusBoard()
                var configuration = FeedFollower.Configuration(target: FollowTarget(name: "registry", host: "127.0.0.1", port: registry.port),
                                                               watchPath: RegistryMethods.watchChanges, tls: TestPKI.shared.clientTLS,
                                                               tokenFile: try ReplicaFixture.tokenFile(directory))
                configuration.batchSize = 3
                let follower = FeedFollower(configuration: configuration, store: store, board: board, clock: ReplicaFixture.clock,
                                            logger: testLogger("tibs.test.hook"), apply: { db, event in
                                                try db.execute(sql: "INSERT INTO applied (sequence) VALUES (?)", arguments: [Int64(event.sequence)])
                                            }, afterCommit: { events in
                                                let rows = (try? await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM applied") ?? 0 }) ?? -1
                                                seen.state.withLockedValue {
                                                    $0.events += events.map { Int64($0.sequence) }
                                                    $0.rowsWhenTold.append(rows)
                                                }
                                            })
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await follower.run() }
                    try await bounded("the follower caught up") { await board.waitUntil("registry") { $0.syncedOnce && $0.cursor == 7 } }
                    // The board moved after the hook: everything is seen already.
                    #expect(seen.state.withLockedValue { $0.events } == Array(1...7))
                    group.cancelAll()
                    try await group.waitForAll()
                }
                let (events, rows) = seen.state.withLockedValue { ($0.events, $0.rowsWhenTold) }
                #expect(events == Array(1...7))
                // Batches of 3, 3 and 1: each time told, the rows of that batch and all before were committed.
                #expect(rows == [3, 6, 7])
                try store.close()
                await client.close()
            }
        }
    }
}
