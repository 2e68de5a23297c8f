import GRDB
import NIOConcurrencyHelpers

/// Wakes feed followers after a change commits.
///
/// Waiters are continuations in a mutex-protected table; each leaves it exactly once:
/// resumed by ``advance(to:)`` or ``close()``, or removed and resumed by its own
/// cancellation handler. So cancelled followers never leak.
final class ChangeNotifier: Sendable {
    private struct Waiter {
        let after: Int64
        let continuation: CheckedContinuation<Int64, any Error>
    }

    private struct State {
        var latest: Int64
        var closed = false
        var nextID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
    }

    private let state: NIOLockedValueBox<State>

    init(latest: Int64) {
        state = NIOLockedValueBox(State(latest: latest))
    }

    var latest: Int64 { state.withLockedValue { $0.latest } }

    var waiterCount: Int { state.withLockedValue { $0.waiters.count } }

    /// Returns the latest committed sequence once it is greater than `after`.
    func wait(after: Int64) async throws -> Int64 {
        let id = state.withLockedValue { state in
            state.nextID += 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int64, any Error>) in
                let immediate: Result<Int64, any Error>? = state.withLockedValue { state in
                    if state.latest > after { return .success(state.latest) }
                    if state.closed { return .failure(StoreError.unavailable("store closed")) }
                    // The cancellation flag is set before onCancel runs, and onCancel takes
                    // this lock: either we see the flag here or onCancel sees our entry.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = Waiter(after: after, continuation: continuation)
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = state.withLockedValue { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Records a newly committed sequence and resumes the waiters it satisfies.
    func advance(to sequence: Int64) {
        let ready: [Waiter] = state.withLockedValue { state in
            guard sequence > state.latest else { return [] }
            state.latest = sequence
            let ready = state.waiters.filter { $0.value.after < sequence }
            for id in ready.keys { state.waiters.removeValue(forKey: id) }
            return Array(ready.values)
        }
        for waiter in ready { waiter.continuation.resume(returning: sequence) }
    }

    /// Fails every current and future waiter with ``StoreError/unavailable(_:)``.
    func close() {
        let waiters: [Waiter] = state.withLockedValue { state in
            state.closed = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: StoreError.unavailable("store closed")) }
    }
}

/// Installed on the writer connection: after a commit that inserted feed rows, reads the
/// new maximum sequence (on the same connection, so exactly what committed) and tells the
/// notifier. GRDB drops events of rolled-back savepoints, so rollbacks wake nobody.
final class FeedCommitObserver: TransactionObserver {
    private let notifier: ChangeNotifier
    private var feedChanged = false   // only touched on the writer queue

    init(notifier: ChangeNotifier) {
        self.notifier = notifier
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        if case .insert(let table) = eventKind { return table == "change_feed" }
        return false
    }

    func databaseDidChange(with event: DatabaseEvent) {
        feedChanged = true
    }

    func databaseDidCommit(_ db: Database) {
        guard feedChanged else { return }
        feedChanged = false
        if let latest = try? Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(sequence) FROM change_feed")) {
            notifier.advance(to: latest)
        }
    }

    func databaseDidRollback(_ db: Database) {
        feedChanged = false
    }
}
