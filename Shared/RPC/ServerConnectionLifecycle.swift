import NIOCore

/// The life of one server connection — active, going away, closed — with its idle clock, its
/// grace period and the acknowledgement of its GoAway.
///
/// Pure: time comes in as `now` (the connection's event-loop clock, which tests move by hand)
/// and timers go out as actions for the handler to arm, so every rule is tested without sockets
/// or sleeps. Open calls are counted by `ServerConnectionStateMachine`, which owns this value and
/// passes the count in.
///
/// Why a Ping after the GoAway: an `Open` the client sent before it read the GoAway is still on
/// its way. Frames arrive in order, so once the Pong for the Ping sent after the GoAway is back,
/// every such `Open` has arrived and been refused `UNAVAILABLE` (with `x-tibs-unprocessed`), and
/// closing loses nothing. A client that never answers is waited for at most `acknowledgeTimeout`.
struct ServerConnectionLifecycle: Sendable {
    struct Timing: Sendable, Equatable {
        /// No call open for this long: GoAway.
        var idleTimeout: TimeAmount
        /// How long to wait for the Pong that shows the client has read the GoAway.
        var acknowledgeTimeout: TimeAmount
    }

    enum State: Equatable {
        /// Serving. `idleSince` is when the last call ended or the connection became ready;
        /// nil while calls are open, and before the TLS handshake ends.
        case active(idleSince: NIODeadline?)
        /// No new calls. Closes once no call is open and the client has seen the GoAway
        /// (Pong, acknowledgement timeout, or the client itself going away).
        case goingAway(peerHasSeenGoAway: Bool)
        case closed
    }

    enum Action: Equatable {
        case none
        /// Look at idleness again at this time. One timer: the handler arms it only if none is
        /// pending, and a check that comes early answers with the next time to look.
        case checkIdle(at: NIODeadline)
        /// Send `GoAway{UNAVAILABLE, detail}`, then `Ping{ping}`; arm the acknowledgement timer,
        /// and the end of the grace period for open calls when there is one.
        case goAway(detail: String, ping: UInt64, acknowledgeBy: NIODeadline, graceEndsAt: NIODeadline?)
        /// Shutdown began after the GoAway was already sent: open calls get until then.
        case endGrace(at: NIODeadline)
        /// The grace period ended with calls still open: end them with `UNAVAILABLE`, and close
        /// at `closeBy` even if their answers could not all be written (a client that does not
        /// read must not hold the server's shutdown).
        case cancelOpenCalls(closeBy: NIODeadline)
        /// Close the connection.
        case close
    }

    let timing: Timing
    /// The data of the Ping sent after GoAway; a Pong with other data (an answer to nothing the
    /// server sent) acknowledges nothing.
    let pingData: UInt64
    private(set) var state: State = .active(idleSince: nil)

    init(timing: Timing, pingData: UInt64) {
        self.timing = timing
        self.pingData = pingData
    }

    var acceptsCalls: Bool {
        if case .active = state { return true }
        return false
    }

    var isClosed: Bool { state == .closed }

    /// The connection can carry calls (plaintext: at once; TLS: when the handshake ended):
    /// the idle clock starts unless a call is already open.
    mutating func ready(now: NIODeadline, openCalls: Int) -> Action {
        guard case .active(nil) = state, openCalls == 0 else { return .none }
        return becameIdle(now: now)
    }

    /// A call was accepted: the connection is busy.
    mutating func callOpened() {
        if case .active = state { state = .active(idleSince: nil) }
    }

    /// The last open call was answered.
    mutating func callsDrained(now: NIODeadline) -> Action {
        switch state {
        case .active: return becameIdle(now: now)
        case .goingAway(peerHasSeenGoAway: true): return close()
        case .goingAway(peerHasSeenGoAway: false), .closed: return .none
        }
    }

    /// The idle timer fired.
    mutating func idleCheckDue(now: NIODeadline, openCalls: Int) -> Action {
        guard case .active(let since?) = state, openCalls == 0 else { return .none }
        let due = since + timing.idleTimeout
        if now < due { return .checkIdle(at: due) }
        return goAway("idle timeout", now: now, graceEndsAt: nil)
    }

    /// The GoAway detail of a server shutting down.
    static let shuttingDown = "server is shutting down"

    /// Graceful shutdown began (the server's, or `reason`): GoAway, and open calls get `grace` to finish.
    mutating func shutdown(now: NIODeadline, grace: TimeAmount, reason: String = shuttingDown) -> Action {
        switch state {
        case .active: return goAway(reason, now: now, graceEndsAt: now + grace)
        case .goingAway: return .endGrace(at: now + grace)
        case .closed: return .none
        }
    }

    mutating func pongReceived(_ data: UInt64, openCalls: Int) -> Action {
        guard data == pingData, case .goingAway(peerHasSeenGoAway: false) = state else { return .none }
        return peerHasSeenGoAway(openCalls: openCalls)
    }

    /// No Pong within `acknowledgeTimeout`: stop waiting for it.
    mutating func acknowledgeTimedOut(openCalls: Int) -> Action {
        guard case .goingAway(peerHasSeenGoAway: false) = state else { return .none }
        return peerHasSeenGoAway(openCalls: openCalls)
    }

    /// The client sent GoAway or closed its side: it opens nothing more, so no Ping is needed;
    /// open calls are answered, then the connection closes.
    mutating func peerGoingAway(openCalls: Int) -> Action {
        guard state != .closed else { return .none }
        return peerHasSeenGoAway(openCalls: openCalls)
    }

    mutating func graceEnded(now: NIODeadline, openCalls: Int) -> Action {
        guard case .goingAway = state, openCalls > 0 else { return .none }
        return .cancelOpenCalls(closeBy: now + timing.acknowledgeTimeout)
    }

    /// The last moment after the grace period passed: close whatever is still waiting.
    mutating func closeDeadlinePassed() -> Action {
        state == .closed ? .none : close()
    }

    /// Closed for another reason (protocol error, the socket went away).
    mutating func closed() { state = .closed }

    private mutating func becameIdle(now: NIODeadline) -> Action {
        state = .active(idleSince: now)
        return .checkIdle(at: now + timing.idleTimeout)
    }

    private mutating func goAway(_ detail: String, now: NIODeadline, graceEndsAt: NIODeadline?) -> Action {
        state = .goingAway(peerHasSeenGoAway: false)
        return .goAway(detail: detail, ping: pingData, acknowledgeBy: now + timing.acknowledgeTimeout, graceEndsAt: graceEndsAt)
    }

    private mutating func peerHasSeenGoAway(openCalls: Int) -> Action {
        if openCalls == 0 { return close() }
        state = .goingAway(peerHasSeenGoAway: true)
        return .none
    }

    private mutating func close() -> Action {
        state = .closed
        return .close
    }
}
