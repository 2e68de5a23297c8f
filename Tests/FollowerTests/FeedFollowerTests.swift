import Foundation
import GRDB
import ServiceLifecycle
import Testing
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// The shared follower against a real registry served in-process over TLS, into a real SQLite
/// store. Waits are on the status board, the injected sleeps and the stores; nothing sleeps.
@Suite struct FeedFollowerTests {
    @Test func everyUpstreamEventIsAppliedOnceWithTheCursorInTheSameTransaction() async throws {
        try await withService(RegistryService.definition()) { registry in
            try await withTemporaryDirectory("tibs-follower") { directory in
                let writer = try registry.client(.admin)
                try await FollowerFixture.createSmes(writer, 0..<23)
                let tokenFile = directory.appendingPathComponent("token")
                try FollowerFixture.writeToken(.service, to: tokenFile)
                let store = try FollowerFixture.openStore(directory)
                let board = FollowerStatusBoard()
                let clock = ManualClock()
                // Batches of 5: the history arrives in several transactions, then the live tail.
                let follower = FollowerFixture.follower(port: registry.port, tokenFile: tokenFile, store: store, board: board, clock: clock, batchSize: 5)
                try await FollowerFixture.whileFollowing(follower) {
                    try await FollowerFixture.waitUntil(board, "the history") { $0.syncedOnce && $0.cursor == 23 }
                    try await FollowerFixture.createSmes(writer, 23..<30)
                    let head = registry.store.latestSequence()
                    try await FollowerFixture.waitUntil(board, "the live tail") { $0.cursor == head }
                }
                #expect(try await FollowerFixture.applied(store) == Array(1...30))
                let stored = try await FollowerFixture.storedCursor(store)
                #expect(stored?.sequence == 30)
                #expect(stored?.syncedAt == clock.now())
                let status = try #require(board.status(FollowerFixture.upstream))
                #expect(status.eventsApplied == 30)
                #expect(status.lag == 0)
                #expect(status.failures == 0)
                try store.close()
                await writer.close()
            }
        }
    }

    @Test func theCursorSurvivesReopeningTheStoreAndNothingIsAppliedTwice() async throws {
        try await withService(RegistryService.definition()) { registry in
            try await withTemporaryDirectory("tibs-follower") { directory in
                let writer = try registry.client(.admin)
                try await FollowerFixture.createSmes(writer, 0..<12)
                let tokenFile = directory.appendingPathComponent("token")
                try FollowerFixture.writeToken(.service, to: tokenFile)
                let clock = ManualClock()
                func follower(_ store: ServiceStore, _ board: FollowerStatusBoard) -> FeedFollower {
                    FollowerFixture.follower(port: registry.port, tokenFile: tokenFile, store: store, board: board, clock: clock, batchSize: 4)
                }
                let first = try FollowerFixture.openStore(directory)
                let firstBoard = FollowerStatusBoard()
                try await FollowerFixture.whileFollowing(follower(first, firstBoard)) {
                    try await FollowerFixture.waitUntil(firstBoard, "the first run") { $0.syncedOnce && $0.cursor == 12 }
                }
                try first.close()

                try await FollowerFixture.createSmes(writer, 12..<17)
                let second = try FollowerFixture.openStore(directory)
                let secondBoard = FollowerStatusBoard()
                let secondFollower = follower(second, secondBoard)
                #expect(secondBoard.notReadyReason() != nil)  // not loaded yet: unknown counts as never synced
                try await FollowerFixture.whileFollowing(secondFollower) {
                    // Synced once is read back from the store before the first connection.
                    try await FollowerFixture.waitUntil(secondBoard, "the stored status") { $0.loaded && $0.syncedOnce }
                    try await FollowerFixture.waitUntil(secondBoard, "the second run") { $0.cursor == 17 }
                }
                #expect(try await FollowerFixture.applied(second) == Array(1...17))
                #expect(secondBoard.status(FollowerFixture.upstream)?.eventsApplied == 5)
                try second.close()
                await writer.close()
            }
        }
    }

    @Test func theFollowerResumesWhenTheUpstreamRestartsOnTheSameStore() async throws {
        let definition = RegistryService.definition()
        try await withTemporaryDirectory("tibs-follower") { directory in
            let registryStore = try ServiceRunner.openStore(definition, dataDir: directory.appendingPathComponent("registry").path,
                                                            logger: testLogger("tibs.test.registry"))
            let router = try ServiceRunner.router(definition, store: registryStore, logger: testLogger("tibs.test.registry"))
            let tokenFile = directory.appendingPathComponent("token")
            try FollowerFixture.writeToken(.service, to: tokenFile)
            let store = try FollowerFixture.openStore(directory)
            let board = FollowerStatusBoard()
            // Sleeps return at once until the follower has the first server's history (a connect
            // before that server listens just retries); from then on the backoff sleep is held
            // until the new server is up, so the reconnect is certain to land on it.
            let sleeps = Sleeps()
            // The feed stream outlives a shutdown by the grace period: kept short here.
            let port = try await withTestServer(router: router, installBuiltins: false) { _, port in
                let writer = try makeTestClient(port: port)
                try await FollowerFixture.createSmes(writer, 0..<8)
                await writer.close()
                return port
            }
            let follower = FollowerFixture.follower(port: port, tokenFile: tokenFile, store: store, board: board, sleeps: sleeps)
            try await FollowerFixture.whileFollowing(follower) {
                let before = try await withTestServer(router: router, installBuiltins: false, configure: { $0.port = port; $0.shutdownGracePeriod = .milliseconds(200) }) { _, _ in
                    try await FollowerFixture.waitUntil(board, "the first server's history") { $0.syncedOnce && $0.cursor == 8 }
                    return sleeps.hold()
                }
                // The server shut down: the stream ends, the follower backs off.
                try await bounded("the backoff sleep") { await sleeps.waitForSleeps(before + 1) }
                #expect(board.status(FollowerFixture.upstream)?.connected == false)
                try await withTestServer(router: router, installBuiltins: false, configure: { $0.port = port; $0.shutdownGracePeriod = .milliseconds(200) }) { _, _ in
                    let writer = try makeTestClient(port: port)
                    try await FollowerFixture.createSmes(writer, 8..<11)
                    await writer.close()
                    sleeps.release()
                    try await FollowerFixture.waitUntil(board, "the restarted server's events") { $0.cursor == 11 && $0.connected }
                }
            }
            #expect(try await FollowerFixture.applied(store) == Array(1...11))
            #expect(board.status(FollowerFixture.upstream)?.failures ?? 0 >= 1)
            try store.close()
            try registryStore.close()
        }
    }

    @Test func reconnectsBackOffExponentiallyWithFullJitterFromTheInjectedClock() async throws {
        try await withTemporaryDirectory("tibs-follower") { directory in
            // A port with nothing listening, kept so for the whole test: every connect is refused at once.
            try await RefusingPort.with { closedPort in
                let tokenFile = directory.appendingPathComponent("token")
                try FollowerFixture.writeToken(.service, to: tokenFile)
                let store = try FollowerFixture.openStore(directory)
                let board = FollowerStatusBoard()
                let sleeps = Sleeps()
                var configuration = FollowerFixture.configuration(port: closedPort, tokenFile: tokenFile)
                configuration.backoff = FollowerBackoff(initial: .milliseconds(100), maximum: .seconds(30))
                let follower = FeedFollower(configuration: configuration, store: store, board: board,
                                            clock: FollowerFixture.instantClock(ManualClock(), random: 0.5, sleeps: sleeps),
                                            logger: testLogger("tibs.test.follower"), apply: FollowerFixture.apply)
                try await FollowerFixture.whileFollowing(follower) {
                    try await bounded("ten reconnects") { await sleeps.waitForSleeps(10) }
                }
                // Half of 100 ms · 2^n, the ceiling capped at 30 s from the tenth retry.
                let expected: [Duration] = [50, 100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 15_000].map { .milliseconds($0) }
                #expect(Array(sleeps.delays.prefix(10)) == expected)
                let status = try #require(board.status(FollowerFixture.upstream))
                #expect(!status.syncedOnce && !status.connected && status.failures >= 10)
                #expect(status.lastError != nil)
                #expect(board.notReadyReason()?.contains("registry has never synced") == true)
                try store.close()
            }
        }
    }

    @Test func theBackoffCeilingDoublesToItsCapAndTheDrawScalesIt() {
        let backoff = FollowerBackoff(initial: .milliseconds(100), maximum: .seconds(30))
        #expect(backoff.ceiling(attempt: 0) == .milliseconds(100))
        #expect(backoff.ceiling(attempt: 3) == .milliseconds(800))
        #expect(backoff.ceiling(attempt: 9) == .seconds(30))
        #expect(backoff.ceiling(attempt: 10_000) == .seconds(30))
        #expect(backoff.delay(attempt: 2, random: 0) == .zero)
        #expect(backoff.delay(attempt: 2, random: 0.25) == .milliseconds(100))
        #expect(backoff.delay(attempt: 2, random: 7) == .milliseconds(400))  // a draw outside 0..<1 is clamped
    }

    @Test func theTokenFileIsReadAgainOnEveryConnect() async throws {
        try await withService(RegistryService.definition()) { registry in
            try await withTemporaryDirectory("tibs-follower") { directory in
                let writer = try registry.client(.admin)
                try await FollowerFixture.createSmes(writer, 0..<3)
                let tokenFile = directory.appendingPathComponent("token")
                // An analyst may not follow the registry's feed: PERMISSION_DENIED, then backoff.
                try FollowerFixture.writeToken(.analyst, to: tokenFile)
                let store = try FollowerFixture.openStore(directory)
                let board = FollowerStatusBoard()
                let sleeps = Sleeps(hold: true)
                let follower = FollowerFixture.follower(port: registry.port, tokenFile: tokenFile, store: store, board: board, sleeps: sleeps)
                try await FollowerFixture.whileFollowing(follower) {
                    try await bounded("the refused connect") { await sleeps.waitForSleeps(1) }
                    let refused = try #require(board.status(FollowerFixture.upstream))
                    #expect(refused.lastError?.contains("PERMISSION_DENIED") == true || refused.lastError?.contains("permission") == true)
                    #expect(board.notReadyReason() != nil)
                    // The renewed token is picked up by the next connect.
                    try FollowerFixture.writeToken(.service, to: tokenFile)
                    sleeps.release()
                    try await FollowerFixture.waitUntil(board, "the renewed token's sync") { $0.syncedOnce && $0.cursor == 3 }
                }
                #expect(board.notReadyReason() == nil)
                #expect(try await FollowerFixture.applied(store) == [1, 2, 3])
                try store.close()
                await writer.close()
            }
        }
    }

    @Test func aFollowerOfAnEmptyFeedHasSyncedAtCursorZero() async throws {
        try await withService(RegistryService.definition()) { registry in
            try await withTemporaryDirectory("tibs-follower") { directory in
                let tokenFile = directory.appendingPathComponent("token")
                try FollowerFixture.writeToken(.service, to: tokenFile)
                let store = try FollowerFixture.openStore(directory)
                let board = FollowerStatusBoard()
                let follower = FollowerFixture.follower(port: registry.port, tokenFile: tokenFile, store: store, board: board)
                try await FollowerFixture.whileFollowing(follower) {
                    try await FollowerFixture.waitUntil(board, "the empty sync") { $0.syncedOnce }
                }
                let status = try #require(board.status(FollowerFixture.upstream))
                #expect(status.cursor == 0 && status.head == 0 && status.lag == 0)
                #expect(try await FollowerFixture.storedCursor(store)?.syncedAt != nil)
                try store.close()
            }
        }
    }

    @Test func theFollowerStopsWithItsServiceGroupsGracefulShutdown() async throws {
        try await withService(RegistryService.definition()) { registry in
            try await withTemporaryDirectory("tibs-follower") { directory in
                let tokenFile = directory.appendingPathComponent("token")
                try FollowerFixture.writeToken(.service, to: tokenFile)
                let store = try FollowerFixture.openStore(directory)
                let board = FollowerStatusBoard()
                let follower = FollowerFixture.follower(port: registry.port, tokenFile: tokenFile, store: store, board: board)
                let group = ServiceGroup(configuration: .init(services: [.init(service: follower)], logger: testLogger("tibs.test.group")))
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    try await FollowerFixture.waitUntil(board, "the sync") { $0.syncedOnce && $0.connected }
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                }
                #expect(board.status(FollowerFixture.upstream)?.connected == false)
                try store.close()
            }
        }
    }
}
