import Testing
@testable import TIBSRPC

/// A client connection's lifecycle decisions, without sockets or clocks.
@Suite struct ClientConnectionStateMachineTests {
    typealias Machine = ClientConnectionStateMachine<String>

    private func ready() -> Machine {
        var machine = Machine()
        machine.handshakeCompleted()
        return machine
    }

    @Test func noCallStartsBeforeTheHandshake() {
        var machine = Machine()
        #expect(machine.phase == .connecting)
        #expect(machine.open(1, "a") == .refuse("connection is not ready"))
        #expect(machine.openCallCount == 0)
    }

    @Test func callsStartOnceReadyAndEndByID() {
        var machine = ready()
        #expect(machine.phase == .ready)
        #expect(machine.acceptsCalls)
        #expect(machine.open(1, "a") == .write)
        #expect(machine.open(1, "again") == .refuse("call id 1 is still in use"))
        #expect(machine.end(1) == "a")
        #expect(machine.end(1) == nil)
    }

    @Test func gracefulGoAwayRefusesNewCallsAndLetsOpenOnesFinish() {
        var machine = ready()
        _ = machine.open(1, "open before")
        machine.receivedGoAway(code: .unavailable, detail: "idle timeout")
        #expect(machine.phase == .goingAway)
        #expect(!machine.acceptsCalls)
        #expect(machine.open(2, "after") == .refuse("the server is going away"))
        #expect(machine.failure == nil, "a graceful GoAway is no failure")
        #expect(machine.end(1) == "open before")
    }

    @Test func aGoAwayWithAnErrorCodeFailsTheOpenCallsWithIt() {
        var machine = ready()
        _ = machine.open(1, "a")
        machine.receivedGoAway(code: .invalidArgument, detail: "frame has no body")
        machine.openWritten(1)
        let (calls, _, error) = machine.closed(default: "connection closed by the server")
        #expect(calls == ["a"])
        #expect(error.code == .invalidArgument)
        #expect(error.detail == "server closed the connection: frame has no body")
    }

    @Test func pingsAreAnsweredInEveryPhaseButClosed() {
        var machine = Machine()
        #expect(machine.answersPing)
        machine.handshakeCompleted()
        #expect(machine.answersPing)
        machine.receivedGoAway(code: .unavailable, detail: "")
        #expect(machine.answersPing, "a server going away waits for this Pong")
        _ = machine.closed(default: "closed")
        #expect(!machine.answersPing)
    }

    @Test func closingFailsEveryOpenCallWithTheFirstError() {
        var machine = ready()
        _ = machine.open(1, "a")
        _ = machine.open(2, "b")
        _ = machine.open(3, "never sent")
        machine.openWritten(1)
        machine.openWritten(2)
        machine.failed(RPCError(.unavailable, "TLS failure: x"))
        machine.failed(RPCError(.unavailable, "connection error: later"))
        #expect(!machine.acceptsCalls)
        let (calls, unsent, error) = machine.closed(default: "connection closed by the server")
        #expect(Set(calls) == ["a", "b"])
        #expect(unsent == ["never sent"], "a call whose Open never left is told apart, to be retried")
        #expect(error.detail == "TLS failure: x")
        #expect(machine.phase == .closed)
        #expect(machine.open(4, "c") == .refuse("TLS failure: x"))
    }

    @Test func aCleanCloseFailsOpenCallsWithTheDefaultReason() {
        var machine = ready()
        _ = machine.open(1, "a")
        machine.openWritten(1)
        let (calls, _, error) = machine.closed(default: "connection closed by the server")
        #expect(calls == ["a"])
        #expect(error == RPCError(.unavailable, "connection closed by the server"))
        #expect(machine.open(2, "b") == .refuse("connection closed by the server"))
    }

    @Test func anOpenThatWasNeverWrittenLeavesTheMachineOnce() {
        var machine = ready()
        _ = machine.open(1, "a")
        #expect(machine.openNotWritten(1) == "a")
        #expect(machine.openNotWritten(1) == nil)
        let closed = machine.closed(default: "closed")
        #expect(closed.calls.isEmpty && closed.unsent.isEmpty, "the unsent call is not failed twice")
    }

    @Test func aGoAwayAfterCloseChangesNothing() {
        var machine = ready()
        _ = machine.closed(default: "closed")
        machine.receivedGoAway(code: .unavailable, detail: "late")
        #expect(machine.phase == .closed)
    }
}
