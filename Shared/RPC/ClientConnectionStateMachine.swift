/// The lifecycle of one client connection, and the calls open on it. Pure: no I/O, no clock, so
/// every transition is tested without sockets (`ClientConnectionStateMachineTests`).
///
/// ```
/// connecting --handshake--> ready --GoAway--> goingAway --+
///      |                      |                           |
///      +----------------------+---- closed / failed ------+--> closed
/// ```
/// - `connecting`: TCP is up, TLS is not; no call may start.
/// - `ready`: calls start and run.
/// - `goingAway`: the server sent GoAway: no new call starts here (the client dials a new
///   connection for it), calls already open may finish; Pings are still answered, so a server
///   that waits for the Pong after its GoAway learns that this client has read the GoAway.
/// - `closed`: the connection is gone; every open call failed with its reason.
///
/// `Call` is what the handler keeps per call (its promises); the machine only stores it, so the
/// calls have one owner and tests use plain values.
struct ClientConnectionStateMachine<Call> {
    enum Phase: Equatable {
        case connecting, ready, goingAway, closed
    }

    private(set) var phase: Phase = .connecting
    private(set) var calls: [UInt32: Call] = [:]
    /// Calls whose Open has not been written to the socket yet: the server cannot have seen them.
    private var unsent: Set<UInt32> = []
    /// Why calls on this connection fail: the first error seen, or a GoAway that was not UNAVAILABLE.
    private(set) var failure: RPCError?

    /// False once the connection must not take new calls (going away, failed or closed).
    var acceptsCalls: Bool { phase == .ready && failure == nil }

    var openCallCount: Int { calls.count }

    /// TLS is up (or there is no TLS): calls may start.
    mutating func handshakeCompleted() {
        if phase == .connecting { phase = .ready }
    }

    enum OpenDecision: Equatable {
        /// Write the Open.
        case write
        /// Fail the call at once, marked unprocessed (nothing was sent): it may go to a new connection.
        case refuse(String)
    }

    mutating func open(_ id: UInt32, _ call: Call) -> OpenDecision {
        guard acceptsCalls else {
            switch phase {
            case .connecting: return .refuse("connection is not ready")
            case .goingAway: return .refuse("the server is going away")
            case .closed, .ready: return .refuse(failure?.detail ?? "connection is closed")
            }
        }
        guard calls[id] == nil else { return .refuse("call id \(id) is still in use") }
        calls[id] = call
        unsent.insert(id)
        return .write
    }

    func call(_ id: UInt32) -> Call? { calls[id] }

    /// The call ended (its Close arrived, or it was cancelled): returns it if it was open.
    mutating func end(_ id: UInt32) -> Call? {
        unsent.remove(id)
        return calls.removeValue(forKey: id)
    }

    /// The call's Open reached the socket: from now on the server may have run it.
    mutating func openWritten(_ id: UInt32) { unsent.remove(id) }

    /// Writing the call's Open failed (the channel closed before it left): the server never saw
    /// it. Returns the call if it is still open, to be failed as unprocessed.
    mutating func openNotWritten(_ id: UInt32) -> Call? { end(id) }

    /// The server sent GoAway. UNAVAILABLE is a graceful goodbye (shutdown, idle): open calls may
    /// finish. Any other code says the connection is broken: calls fail with it once it closes.
    mutating func receivedGoAway(code: StatusCode, detail: String) {
        guard phase != .closed else { return }
        phase = .goingAway
        if code != .unavailable, failure == nil {
            failure = RPCError(code, "server closed the connection: \(detail)")
        }
    }

    /// Whether a Ping is answered with a Pong: always, until closed.
    var answersPing: Bool { phase != .closed }

    /// An error on the connection; the first one is the reason calls fail with.
    mutating func failed(_ error: RPCError) {
        if failure == nil { failure = error }
    }

    /// The connection is gone: returns the calls still open and the error they fail with, and
    /// apart the calls whose Open never reached the socket (to fail as unprocessed: safe to retry).
    mutating func closed(default reason: String) -> (calls: [Call], unsent: [Call], error: RPCError) {
        phase = .closed
        let error = failure ?? RPCError(.unavailable, reason)
        if failure == nil { failure = error }
        var sent: [Call] = [], neverSent: [Call] = []
        for (id, call) in calls {
            if unsent.contains(id) { neverSent.append(call) } else { sent.append(call) }
        }
        calls.removeAll()
        unsent.removeAll()
        return (sent, neverSent, error)
    }
}
