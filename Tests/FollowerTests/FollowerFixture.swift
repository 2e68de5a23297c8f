import Foundation
import GRDB
import NIOConcurrencyHelpers
import TIBSIdentity
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// The following side of the tests: a store with the follower's cursor table and `applied`, one
/// row per applied event keyed by its sequence, so a second application of an event fails its batch.
enum FollowerFixture {
    static let upstream = "registry"

    static func openStore(_ directory: URL) throws -> ServiceStore {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("test.v1") { db in
            try db.execute(sql: """
                CREATE TABLE applied (sequence INTEGER PRIMARY KEY, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, kind INTEGER NOT NULL)
                """)
        }
        FollowerSchema.register(&migrator)
        return try ServiceStore.open(path: directory.appendingPathComponent("follower.sqlite").path, migrations: migrator,
                                     logger: testLogger("tibs.test.follower"))
    }

    static let apply: FeedFollower.Apply = { db, event in
        try db.execute(sql: "INSERT INTO applied (sequence, entity_type, entity_id, kind) VALUES (?, ?, ?, ?)",
                       arguments: [Int64(event.sequence), event.entityType, event.entityID, event.kind.rawValue])
    }

    /// The sequences applied, in order.
    static func applied(_ store: ServiceStore) async throws -> [Int64] {
        try await store.read { db in try Int64.fetchAll(db, sql: "SELECT sequence FROM applied ORDER BY sequence") }
    }

    static func storedCursor(_ store: ServiceStore) async throws -> FollowerCursorTable.Row? {
        try await store.read { db in try FollowerCursorTable.read(db, upstream: upstream) }
    }

    static func configuration(port: Int, tokenFile: URL, batchSize: Int = 500) -> FeedFollower.Configuration {
        var configuration = FeedFollower.Configuration(
            target: FollowTarget(name: upstream, host: "127.0.0.1", port: port), watchPath: RegistryMethods.watchChanges,
            tls: TestPKI.shared.clientTLS, tokenFile: tokenFile.path)
        configuration.batchSize = batchSize
        // As the test clients': no timing default may fail a connect on two loaded cores.
        configuration.connectTimeout = HangBound.scaled(.seconds(60))
        configuration.handshakeTimeout = HangBound.scaled(.seconds(60))
        return configuration
    }

    /// A follower of the registry on `port` into `store`, with sleeps that return at once unless told.
    static func follower(port: Int, tokenFile: URL, store: ServiceStore, board: FollowerStatusBoard, clock: ManualClock = ManualClock(),
                         sleeps: Sleeps = Sleeps(), batchSize: Int = 500) -> FeedFollower {
        FeedFollower(configuration: configuration(port: port, tokenFile: tokenFile, batchSize: batchSize), store: store, board: board,
                     clock: instantClock(clock, sleeps: sleeps), logger: testLogger("tibs.test.follower"), apply: apply)
    }

    static func writeToken(_ role: Role, to file: URL) throws {
        try Data(TestPKI.shared.token(role, subject: "policy-follower").utf8).write(to: file)
    }

    /// A clock whose sleeps return at once and are recorded; `random` is fixed.
    static func instantClock(_ manual: ManualClock, random: Double = 0.5, sleeps: Sleeps) -> FollowerClock {
        FollowerClock(now: { manual.now() }, sleep: { delay in try await sleeps.sleep(delay) }, random: { random })
    }

    /// Creates SMEs `indices` in the registry, one CreateSme each.
    static func createSmes(_ client: RPCClient, _ indices: Range<Int>) async throws {
        for index in indices {
            let _: Tibs_Registry_V1_Sme = try await client.unary(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with {
                $0.fields = .with {
                    $0.legalName = "Follower test company \(index)"
                    $0.region = .with { $0.country = "LT"; $0.nutsCode = "LT011" }
                    $0.registrationID = "LT-FOLLOW-\(index)"
                    $0.headcount = 12
                    $0.naceCodes = [.with { $0.code = "62.01"; $0.version = "2" }]
                }
            })
        }
    }

    /// Runs `follower` while `body` runs, then cancels it and waits for it to stop.
    static func whileFollowing<T: Sendable>(_ follower: FeedFollower, _ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await follower.run() }
            do {
                let result = try await body()
                group.cancelAll()
                try await group.waitForAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    /// Waits on the board for `condition`, bounded only against a hung test.
    static func waitUntil(_ board: FollowerStatusBoard, _ what: String, _ condition: @escaping @Sendable (UpstreamStatus) -> Bool) async throws {
        try await bounded(what) { await board.waitUntil(upstream, condition) }
    }
}

/// The follower's backoff sleeps: recorded; each returns at once unless held, when it waits for
/// the test to release it. A held sleep also returns when its task is cancelled, so a test that
/// fails while the follower is held still stops its follower instead of hanging.
final class Sleeps: Sendable {
    private struct State {
        var delays: [Duration] = []
        var holding: Bool
        var nextID: UInt64 = 0
        var held: [(id: UInt64, continuation: CheckedContinuation<Void, Never>)] = []
        var countWaiters: [(id: UInt64, count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state: NIOLockedValueBox<State>

    init(hold: Bool = false) { state = NIOLockedValueBox(State(holding: hold)) }

    var delays: [Duration] { state.withLockedValue { $0.delays } }

    func sleep(_ delay: Duration) async throws {
        let id = state.withLockedValue { state -> UInt64 in
            defer { state.nextID += 1 }
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let woken = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
                    state.delays.append(delay)
                    let count = state.delays.count
                    var woken: [CheckedContinuation<Void, Never>] = []
                    state.countWaiters.removeAll { waiter in
                        guard waiter.count <= count else { return false }
                        woken.append(waiter.continuation)
                        return true
                    }
                    if state.holding && !Task.isCancelled { state.held.append((id, continuation)) } else { woken.append(continuation) }
                    return woken
                }
                for continuation in woken { continuation.resume() }
            }
        } onCancel: {
            let held = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.held.firstIndex(where: { $0.id == id }) else { return nil }
                return state.held.remove(at: index).continuation
            }
            held?.resume()
        }
        try Task.checkCancellation()
    }

    /// From now on every sleep waits for ``release()``; returns how many sleeps came before.
    @discardableResult
    func hold() -> Int {
        state.withLockedValue { state in
            state.holding = true
            return state.delays.count
        }
    }

    /// Lets every held sleep return, and later ones return at once.
    func release() {
        let held = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.holding = false
            defer { state.held = [] }
            return state.held.map(\.continuation)
        }
        for continuation in held { continuation.resume() }
    }

    /// Suspends until at least `count` sleeps were recorded, or the task is cancelled.
    func waitForSleeps(_ count: Int) async {
        let id = state.withLockedValue { state -> UInt64 in
            defer { state.nextID += 1 }
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLockedValue { state -> Bool in
                    if state.delays.count >= count || Task.isCancelled { return true }
                    state.countWaiters.append((id, count, continuation))
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.countWaiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.countWaiters.remove(at: index).continuation
            }
            waiter?.resume()
        }
    }
}
