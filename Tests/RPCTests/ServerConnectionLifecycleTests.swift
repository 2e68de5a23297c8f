import NIOCore
import Testing
import TIBSProto
@testable import TIBSRPC

/// The server connection's lifecycle (active → going away → closed, idle clock, grace period,
/// GoAway acknowledged by Pong) as pure decisions: time is a number the test sets.
@Suite struct ServerConnectionLifecycleTests {
    typealias Machine = ServerConnectionStateMachine
    let timing = ServerConnectionLifecycle.Timing(idleTimeout: .seconds(60), acknowledgeTimeout: .seconds(5))
    let ping: UInt64 = 0xABCD
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)
    let known: (String) -> Bool = { $0 == "/x.Y/Z" }

    private func machine(maxOpenCalls: Int = 4) -> Machine {
        Machine(maxOpenCalls: maxOpenCalls, timing: timing, pingData: ping)
    }

    private func open(_ id: UInt32) -> Tibs_Rpc_V1_Frame {
        var frame = Tibs_Rpc_V1_Frame()
        frame.callID = id
        frame.open = .with { $0.method = "/x.Y/Z"; $0.halfClose = true }
        return frame
    }

    private func pong(_ data: UInt64) -> Tibs_Rpc_V1_Frame { .pong(data) }

    @Test func theIdleClockStartsWhenTheConnectionIsReady() {
        var m = machine()
        #expect(m.ready(now: t0) == .checkIdle(at: t0 + .seconds(60)))
    }

    @Test func anEarlyIdleCheckAnswersWithTheNextTimeToLook() {
        var m = machine()
        _ = m.ready(now: t0)
        _ = m.receive(open(1), knownMethod: known)
        #expect(m.callClosed(1, now: t0 + .seconds(30)) == .checkIdle(at: t0 + .seconds(90)))
        // The timer armed for t0 + 60 s fires: the connection was busy meanwhile, so look again later.
        #expect(m.idleCheckDue(now: t0 + .seconds(60)) == .checkIdle(at: t0 + .seconds(90)))
        #expect(!m.isGoingAway)
    }

    @Test func noIdleGoAwayWhileACallIsOpen() {
        var m = machine()
        _ = m.ready(now: t0)
        _ = m.receive(open(1), knownMethod: known)
        #expect(m.idleCheckDue(now: t0 + .seconds(600)) == .none)
        #expect(!m.isGoingAway)
    }

    @Test func idleForTheTimeoutSendsGoAwayAndPingThenClosesOnTheMatchingPong() {
        var m = machine()
        _ = m.ready(now: t0)
        let due = t0 + .seconds(60)
        #expect(m.idleCheckDue(now: due) == .goAway(detail: "idle timeout", ping: ping, acknowledgeBy: due + .seconds(5), graceEndsAt: nil))
        #expect(m.isGoingAway)
        // A Pong for someone else's Ping acknowledges nothing.
        #expect(m.receive(pong(ping + 1), knownMethod: known) == .lifecycle(.none))
        #expect(!m.isClosed)
        #expect(m.receive(pong(ping), knownMethod: known) == .lifecycle(.close))
        #expect(m.isClosed)
    }

    @Test func anOpenBeforeThePongIsRefusedUnavailableAndNotStarted() {
        var m = machine()
        _ = m.ready(now: t0)
        _ = m.idleCheckDue(now: t0 + .seconds(60))
        guard case .rejectCall(3, .unavailable, _) = m.receive(open(3), knownMethod: known) else {
            Issue.record("expected UNAVAILABLE")
            return
        }
        #expect(m.openCallCount == 0)
    }

    @Test func noPongWithinTheAcknowledgeTimeoutClosesAnyway() {
        var m = machine()
        _ = m.ready(now: t0)
        _ = m.idleCheckDue(now: t0 + .seconds(60))
        #expect(m.acknowledgeTimedOut() == .close)
        #expect(m.isClosed)
    }

    @Test func shutdownSendsGoAwayWithTheGracePeriodAndClosesWhenTheLastCallEndsAfterThePong() {
        var m = machine()
        _ = m.ready(now: t0)
        _ = m.receive(open(1), knownMethod: known)
        #expect(m.shutdown(now: t0, grace: .seconds(10))
            == .goAway(detail: "server is shutting down", ping: ping, acknowledgeBy: t0 + .seconds(5), graceEndsAt: t0 + .seconds(10)))
        #expect(m.receive(pong(ping), knownMethod: known) == .lifecycle(.none), "call 1 is still open")
        #expect(m.callClosed(1, now: t0 + .seconds(1)) == .close)
    }

    @Test func theLastCallEndingBeforeThePongWaitsForThePong() {
        var m = machine()
        _ = m.receive(open(1), knownMethod: known)
        _ = m.shutdown(now: t0, grace: .seconds(10))
        #expect(m.callClosed(1, now: t0) == .none)
        #expect(!m.isClosed)
        #expect(m.receive(pong(ping), knownMethod: known) == .lifecycle(.close))
    }

    @Test func theGracePeriodEndingWithCallsOpenCancelsThem() {
        var m = machine()
        _ = m.receive(open(1), knownMethod: known)
        _ = m.shutdown(now: t0, grace: .seconds(10))
        #expect(m.graceEnded(now: t0 + .seconds(10)) == .cancelOpenCalls(closeBy: t0 + .seconds(15)))
        _ = m.receive(pong(ping), knownMethod: known)
        #expect(m.callClosed(1, now: t0 + .seconds(10)) == .close)
    }

    @Test func answersStillUnwrittenAfterTheGracePeriodDoNotHoldTheConnectionOpen() {
        var m = machine()
        _ = m.receive(open(1), knownMethod: known)
        _ = m.shutdown(now: t0, grace: .seconds(10))
        _ = m.acknowledgeTimedOut()
        #expect(m.graceEnded(now: t0 + .seconds(10)) == .cancelOpenCalls(closeBy: t0 + .seconds(15)))
        // Call 1's Close never got to the socket (the client does not read): close regardless.
        #expect(m.closeDeadlinePassed() == .close)
        #expect(m.isClosed)
    }

    @Test func theGracePeriodEndingWithNoCallOpenDoesNothing() {
        var m = machine()
        _ = m.shutdown(now: t0, grace: .seconds(10))
        #expect(m.graceEnded(now: t0 + .seconds(10)) == .none)
    }

    @Test func shutdownAfterTheIdleGoAwaySendsNoSecondGoAway() {
        var m = machine()
        _ = m.ready(now: t0)
        _ = m.idleCheckDue(now: t0 + .seconds(60))
        #expect(m.shutdown(now: t0 + .seconds(61), grace: .seconds(10)) == .endGrace(at: t0 + .seconds(71)))
    }

    @Test func theClientGoingAwayClosesOnceItsCallsAreAnsweredWithoutAPing() {
        var m = machine()
        _ = m.receive(open(1), knownMethod: known)
        var goAway = Tibs_Rpc_V1_Frame()
        goAway.goAway = .with { $0.code = 14 }
        #expect(m.receive(goAway, knownMethod: known) == .lifecycle(.none))
        #expect(m.isGoingAway)
        #expect(m.callClosed(1, now: t0) == .close)
    }

    @Test func inputClosedWithNoCallOpenClosesAtOnce() {
        var m = machine()
        #expect(m.inputClosed() == .close)
    }

    @Test func aProtocolErrorClosesAndLaterFramesAreIgnored() {
        var m = machine()
        guard case .goAwayAndClose(.invalidArgument, _) = m.receive(open(0), knownMethod: known) else {
            Issue.record("expected a protocol error")
            return
        }
        #expect(m.isClosed)
        #expect(m.receive(open(1), knownMethod: known) == .none)
        #expect(m.idleCheckDue(now: t0 + .seconds(600)) == .none)
    }

    @Test func anUnknownMethodNameIsCutInTheRefusal() {
        var m = machine()
        var frame = Tibs_Rpc_V1_Frame()
        frame.callID = 1
        frame.open = .with { $0.method = String(repeating: "m", count: 100_000) }
        guard case .rejectCall(1, .unimplemented, let detail) = m.receive(frame, knownMethod: known) else {
            Issue.record("expected UNIMPLEMENTED")
            return
        }
        #expect(detail.utf8.count < 300)
    }
}
