import Foundation
import NIOCore
import TIBSProto

/// Decides what a server connection does with each inbound frame and each lifecycle event.
/// Pure: no I/O, and time only as the `now` it is given, so every rule of PROTOCOL.md's error
/// table and of the connection's lifecycle (`ServerConnectionLifecycle`) is tested without sockets.
///
/// The handler (`ServerConnectionHandler`) feeds it frames, call completions and timer firings,
/// and carries out the returned actions.
struct ServerConnectionStateMachine {
    enum CallPhase: Equatable {
        /// The client may still send request messages.
        case open
        /// The client half-closed; the handler runs to its end.
        case halfClosed
    }

    enum Action: Equatable {
        /// Start a call: route, authenticate and run its handler.
        case startCall(callID: UInt32, open: Tibs_Rpc_V1_Open)
        /// Refuse an Open with a Close; the call never becomes open.
        case rejectCall(callID: UInt32, StatusCode, String)
        /// A request message for a running call.
        case deliverPayload(callID: UInt32, Data)
        /// No more request messages for the call.
        case deliverHalfClose(callID: UInt32)
        /// Stop the call's handler; answer at most Close{CANCELLED}.
        case cancelCall(callID: UInt32)
        case sendPong(UInt64)
        /// A protocol error: send GoAway with this code, then close the connection.
        case goAwayAndClose(StatusCode, String)
        /// What the connection's lifecycle asks for (a Pong or the client's GoAway can end it).
        case lifecycle(ServerConnectionLifecycle.Action)
        case none
    }

    let maxOpenCalls: Int
    private(set) var calls: [UInt32: CallPhase] = [:]
    /// Ids the server closed recently: late payload / half-close / cancel frames the client sent
    /// before it saw the Close are dropped instead of being treated as protocol errors.
    private var recentlyClosed = RecentIDs(capacity: 1024)
    private(set) var lifecycle: ServerConnectionLifecycle

    init(maxOpenCalls: Int, timing: ServerConnectionLifecycle.Timing = .init(idleTimeout: .minutes(5), acknowledgeTimeout: .seconds(5)),
         pingData: UInt64 = .random(in: 1...UInt64.max)) {
        self.maxOpenCalls = maxOpenCalls
        self.lifecycle = ServerConnectionLifecycle(timing: timing, pingData: pingData)
    }

    /// Calls accepted and not yet answered (an answer waiting for room in the socket counts).
    var openCallCount: Int { calls.count }
    /// GoAway was sent or received: new Opens are refused.
    var isGoingAway: Bool { !lifecycle.acceptsCalls }
    var isClosed: Bool { lifecycle.isClosed }

    mutating func receive(_ frame: Tibs_Rpc_V1_Frame, knownMethod: (String) -> Bool) -> Action {
        guard !lifecycle.isClosed else { return .none }
        let action = decide(frame, knownMethod: knownMethod)
        if case .goAwayAndClose = action { lifecycle.closed() }
        if case .startCall = action { lifecycle.callOpened() }
        return action
    }

    private mutating func decide(_ frame: Tibs_Rpc_V1_Frame, knownMethod: (String) -> Bool) -> Action {
        let id = frame.callID
        switch frame.body {
        case .none:
            return .goAwayAndClose(.invalidArgument, "frame has no body")
        case .open(let open):
            if id == 0 { return .goAwayAndClose(.invalidArgument, "Open on call id 0") }
            if calls[id] != nil { return .goAwayAndClose(.invalidArgument, "Open on call id \(id), which is already open") }
            recentlyClosed.remove(id)
            if isGoingAway { return .rejectCall(callID: id, .unavailable, "the connection is going away; no new calls") }
            guard knownMethod(open.method) else {
                // Cut: the method name is the client's, and may be as long as a frame.
                return .rejectCall(callID: id, .unimplemented, "unknown method '\(AnswerLimits.truncated(open.method, to: 200))'")
            }
            if calls.count >= maxOpenCalls {
                return .rejectCall(callID: id, .resourceExhausted, "too many open calls on this connection (limit \(maxOpenCalls))")
            }
            calls[id] = open.halfClose ? .halfClosed : .open
            return .startCall(callID: id, open: open)
        case .payload(let bytes):
            switch calls[id] {
            case .open: return .deliverPayload(callID: id, bytes)
            case .halfClosed: return .goAwayAndClose(.invalidArgument, "payload after half-close on call \(id)")
            case nil: return lateOrUnknown(id, "payload")
            }
        case .halfClose:
            switch calls[id] {
            case .open:
                calls[id] = .halfClosed
                return .deliverHalfClose(callID: id)
            case .halfClosed: return .none
            case nil: return lateOrUnknown(id, "half_close")
            }
        case .cancel:
            if calls[id] != nil { return .cancelCall(callID: id) }
            return lateOrUnknown(id, "cancel")
        case .ping(let ping):
            if id != 0 { return .goAwayAndClose(.invalidArgument, "Ping must use call id 0") }
            return .sendPong(ping.data)
        case .pong(let pong):
            return .lifecycle(lifecycle.pongReceived(pong.data, openCalls: calls.count))
        case .goAway:
            return .lifecycle(lifecycle.peerGoingAway(openCalls: calls.count))
        case .close:
            return .goAwayAndClose(.invalidArgument, "Close is sent by servers only")
        }
    }

    /// The server has sent the call's Close: its id is free for reuse. When it was the last
    /// open call, the lifecycle decides what follows (idle clock, or close after GoAway).
    mutating func callClosed(_ id: UInt32, now: NIODeadline) -> ServerConnectionLifecycle.Action {
        guard calls.removeValue(forKey: id) != nil else { return .none }
        recentlyClosed.insert(id)
        return calls.isEmpty ? lifecycle.callsDrained(now: now) : .none
    }

    // MARK: lifecycle events (see `ServerConnectionLifecycle`)

    /// The connection can carry calls: plaintext at once, TLS once its handshake ended.
    mutating func ready(now: NIODeadline) -> ServerConnectionLifecycle.Action {
        lifecycle.ready(now: now, openCalls: calls.count)
    }

    mutating func idleCheckDue(now: NIODeadline) -> ServerConnectionLifecycle.Action {
        lifecycle.idleCheckDue(now: now, openCalls: calls.count)
    }

    mutating func shutdown(now: NIODeadline, grace: TimeAmount, reason: String = ServerConnectionLifecycle.shuttingDown) -> ServerConnectionLifecycle.Action {
        lifecycle.shutdown(now: now, grace: grace, reason: reason)
    }

    mutating func acknowledgeTimedOut() -> ServerConnectionLifecycle.Action {
        lifecycle.acknowledgeTimedOut(openCalls: calls.count)
    }

    mutating func graceEnded(now: NIODeadline) -> ServerConnectionLifecycle.Action {
        lifecycle.graceEnded(now: now, openCalls: calls.count)
    }

    mutating func closeDeadlinePassed() -> ServerConnectionLifecycle.Action {
        lifecycle.closeDeadlinePassed()
    }

    /// The client closed its side: it sends nothing more; open calls are answered, then close.
    mutating func inputClosed() -> ServerConnectionLifecycle.Action {
        lifecycle.peerGoingAway(openCalls: calls.count)
    }

    /// The connection is closed (protocol error, or the socket is gone).
    mutating func closed() { lifecycle.closed() }

    private func lateOrUnknown(_ id: UInt32, _ what: String) -> Action {
        if id != 0, recentlyClosed.contains(id) { return .none }
        return .goAwayAndClose(.invalidArgument, "\(what) for unknown call \(id)")
    }
}

/// A bounded set of ids, the oldest forgotten first.
struct RecentIDs {
    private var ring: [UInt32] = []
    private var head = 0
    /// How often each id stands in `ring`; an id is forgotten when its last slot is overwritten.
    private var slots: [UInt32: Int] = [:]
    private var active: Set<UInt32> = []
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func contains(_ id: UInt32) -> Bool { active.contains(id) }

    mutating func insert(_ id: UInt32) {
        guard active.insert(id).inserted else { return }
        if ring.count < capacity {
            ring.append(id)
        } else {
            let evicted = ring[head]
            ring[head] = id
            head = (head + 1) % capacity
            let left = (slots[evicted] ?? 1) - 1
            if left == 0 {
                slots[evicted] = nil
                if evicted != id { active.remove(evicted) }
            } else {
                slots[evicted] = left
            }
        }
        slots[id, default: 0] += 1
    }

    mutating func remove(_ id: UInt32) { active.remove(id) }
}
