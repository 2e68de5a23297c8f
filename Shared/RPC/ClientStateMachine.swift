/// Which connection an `RPCClient` call uses, and who dials. Pure (`Connection` and `Waiter` are
/// type parameters), so every transition is tested without sockets (`ClientStateMachineTests`).
///
/// ```
/// idle --first call--> connecting(waiters) --dial ok--> ready(connection)
///  ^                     |  dial failed: waiters fail     | connection unusable: next call dials
///  +---------------------+                                +--> connecting([])
/// any state --close()--> closed (waiters fail now; a dial that finishes later is closed at once)
/// ```
/// One call dials at a time; calls arriving meanwhile wait for that dial instead of starting their own.
struct ClientStateMachine<Connection, Waiter> {
    enum State {
        case idle
        case connecting([Waiter])
        case ready(Connection)
        case closed
    }

    private(set) var state: State = .idle

    enum AcquireAction {
        case use(Connection)
        /// The caller dials, then reports `dialSucceeded` or `dialFailed`.
        case dial
        /// Another call is dialling: `enqueue` a waiter.
        case wait
        /// The client is closed.
        case fail
    }

    /// - Parameter usable: whether the current connection can take a new call (open, no GoAway).
    mutating func acquire(usable: (Connection) -> Bool) -> AcquireAction {
        switch state {
        case .ready(let connection):
            if usable(connection) { return .use(connection) }
            state = .connecting([])
            return .dial
        case .idle:
            state = .connecting([])
            return .dial
        case .connecting:
            return .wait
        case .closed:
            return .fail
        }
    }

    enum EnqueueAction {
        /// Resumed by the dial's outcome (or by `close`).
        case enqueued
        /// The dial finished between `acquire` and now: acquire again.
        case retry
        case fail
    }

    mutating func enqueue(_ waiter: Waiter) -> EnqueueAction {
        switch state {
        case .connecting(var waiters):
            waiters.append(waiter)
            state = .connecting(waiters)
            return .enqueued
        case .closed:
            return .fail
        case .idle, .ready:
            return .retry
        }
    }

    enum DialSucceededAction {
        /// Hand the connection to these waiters too.
        case resume([Waiter])
        /// The client was closed while dialling: close the new connection; the dialler fails.
        case closeConnection
    }

    mutating func dialSucceeded(_ connection: Connection) -> DialSucceededAction {
        switch state {
        case .connecting(let waiters):
            state = .ready(connection)
            return .resume(waiters)
        case .closed, .idle, .ready:
            // Only the dialler leaves `connecting`, except `close()`: anything else is closed.
            return .closeConnection
        }
    }

    /// Returns the waiters to fail with the dial's error.
    mutating func dialFailed() -> [Waiter] {
        guard case .connecting(let waiters) = state else { return [] }
        state = .idle
        return waiters
    }

    enum CloseAction {
        case closeConnection(Connection)
        /// A dial is in progress: fail its waiters now; the dialler closes what it gets.
        case failWaiters([Waiter])
        case none
    }

    mutating func close() -> CloseAction {
        let previous = state
        state = .closed
        switch previous {
        case .ready(let connection): return .closeConnection(connection)
        case .connecting(let waiters): return .failWaiters(waiters)
        case .idle, .closed: return .none
        }
    }

    /// The ready connection, if any (tests watch it close).
    var current: Connection? {
        if case .ready(let connection) = state { return connection }
        return nil
    }

    /// Calls waiting for the dial in progress.
    var waiterCount: Int {
        if case .connecting(let waiters) = state { return waiters.count }
        return 0
    }

    var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }
}

extension ClientStateMachine: Sendable where Connection: Sendable, Waiter: Sendable {}
extension ClientStateMachine.State: Sendable where Connection: Sendable, Waiter: Sendable {}
