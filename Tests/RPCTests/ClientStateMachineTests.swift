import Testing
@testable import TIBSRPC

/// Which connection an `RPCClient` call uses and who dials, without sockets.
@Suite struct ClientStateMachineTests {
    /// Connections are named; `usable` says which may take calls.
    typealias Machine = ClientStateMachine<String, Int>

    @Test func theFirstCallDialsAndLaterOnesWait() {
        var machine = Machine()
        guard case .dial = machine.acquire(usable: { _ in true }) else { Issue.record("first call must dial"); return }
        guard case .wait = machine.acquire(usable: { _ in true }) else { Issue.record("second call must wait"); return }
        guard case .enqueued = machine.enqueue(2) else { Issue.record("waiter not enqueued"); return }
        guard case .resume(let waiters) = machine.dialSucceeded("c1") else { Issue.record("dial result lost"); return }
        #expect(waiters == [2])
        guard case .use(let connection) = machine.acquire(usable: { _ in true }) else { Issue.record("ready connection not used"); return }
        #expect(connection == "c1")
    }

    @Test func anUnusableConnectionIsReplacedByANewDial() {
        var machine = Machine()
        _ = machine.acquire(usable: { _ in true })
        _ = machine.dialSucceeded("c1")
        guard case .dial = machine.acquire(usable: { $0 != "c1" }) else { Issue.record("a connection after GoAway must be replaced"); return }
        _ = machine.dialSucceeded("c2")
        guard case .use("c2") = machine.acquire(usable: { $0 != "c1" }) else { Issue.record("new connection not used"); return }
    }

    @Test func aFailedDialFailsItsWaitersAndTheNextCallDialsAgain() {
        var machine = Machine()
        _ = machine.acquire(usable: { _ in true })
        _ = machine.enqueue(7)
        _ = machine.enqueue(8)
        #expect(machine.dialFailed() == [7, 8])
        guard case .dial = machine.acquire(usable: { _ in true }) else { Issue.record("no redial after failure"); return }
    }

    @Test func aWaiterArrivingAfterTheDialFinishedLooksAgain() {
        var machine = Machine()
        _ = machine.acquire(usable: { _ in true })
        _ = machine.dialSucceeded("c1")
        guard case .retry = machine.enqueue(1) else { Issue.record("late waiter must retry, not wait forever"); return }
    }

    @Test func closeWhileDiallingFailsTheWaitersAndTheDialledConnectionIsClosed() {
        var machine = Machine()
        _ = machine.acquire(usable: { _ in true })
        _ = machine.enqueue(1)
        _ = machine.enqueue(2)
        guard case .failWaiters(let waiters) = machine.close() else { Issue.record("waiters not handed back"); return }
        #expect(waiters == [1, 2])
        guard case .closeConnection = machine.dialSucceeded("late") else { Issue.record("a connection dialled after close must be closed"); return }
        #expect(machine.isClosed)
        #expect(machine.dialFailed().isEmpty)
        guard case .fail = machine.acquire(usable: { _ in true }) else { Issue.record("closed client must fail calls"); return }
        guard case .fail = machine.enqueue(3) else { Issue.record("closed client must not take waiters"); return }
    }

    @Test func closeWhenReadyClosesTheConnection() {
        var machine = Machine()
        _ = machine.acquire(usable: { _ in true })
        _ = machine.dialSucceeded("c1")
        guard case .closeConnection("c1") = machine.close() else { Issue.record("ready connection not closed"); return }
        guard case .none = machine.close() else { Issue.record("second close does something"); return }
    }
}
