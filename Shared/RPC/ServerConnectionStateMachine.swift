import Foundation
import TIBSProto

/// Decides what a server connection does with each inbound frame. Pure: no I/O, no clocks,
/// so every rule of PROTOCOL.md's error table is tested without sockets.
///
/// The handler (`ServerConnectionHandler`) feeds it frames and call completions and carries out
/// the returned actions.
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
        /// The client said GoAway: close once open calls have finished.
        case peerGoingAway
        case none
    }

    let maxOpenCalls: Int
    private(set) var calls: [UInt32: CallPhase] = [:]
    /// Ids the server closed recently: late payload / half-close / cancel frames the client sent
    /// before it saw the Close are dropped instead of being treated as protocol errors.
    private var recentlyClosed = RecentIDs(capacity: 1024)
    private(set) var isGoingAway = false

    init(maxOpenCalls: Int) {
        self.maxOpenCalls = maxOpenCalls
    }

    var openCallCount: Int { calls.count }

    mutating func receive(_ frame: Tibs_Rpc_V1_Frame, knownMethod: (String) -> Bool) -> Action {
        let id = frame.callID
        switch frame.body {
        case .none:
            return .goAwayAndClose(.invalidArgument, "frame has no body")
        case .open(let open):
            if id == 0 { return .goAwayAndClose(.invalidArgument, "Open on call id 0") }
            if calls[id] != nil { return .goAwayAndClose(.invalidArgument, "Open on call id \(id), which is already open") }
            recentlyClosed.remove(id)
            if isGoingAway { return .rejectCall(callID: id, .unavailable, "server is shutting down; no new calls") }
            guard knownMethod(open.method) else {
                return .rejectCall(callID: id, .unimplemented, "unknown method '\(open.method)'")
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
        case .pong:
            return .none
        case .goAway:
            isGoingAway = true
            return .peerGoingAway
        case .close:
            return .goAwayAndClose(.invalidArgument, "Close is sent by servers only")
        }
    }

    /// The server has sent the call's Close: its id is free for reuse.
    mutating func callClosed(_ id: UInt32) {
        if calls.removeValue(forKey: id) != nil { recentlyClosed.insert(id) }
    }

    /// Graceful shutdown began: later Opens are refused with UNAVAILABLE.
    mutating func beginGoingAway() { isGoingAway = true }

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
