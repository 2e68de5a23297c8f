/// Which connections a server keeps: TLS handshakes in progress and established connections are
/// counted and capped apart, so sockets that never finish (or never start) TLS cannot hold the
/// slots of clients that did. Pure, so the rules are tested without sockets
/// (`ConnectionAdmissionTests`); `RPCServer` carries out its verdicts.
///
/// - Every new socket is admitted as a pending handshake. When `maxPending` handshakes are already
///   pending, the oldest is evicted to make room: a flood of idle sockets only ever evicts itself,
///   and a real client's handshake gets its turn instead of waiting out everyone's timeout.
/// - While pending handshakes fill `pressureFraction` of the cap, new ones get the short timeout.
/// - A finished handshake counts against `maxEstablished` only: pending handshakes never refuse it.
struct ConnectionAdmission<ID: Hashable> {
    let maxPending: Int
    let maxEstablished: Int
    /// Pending handshakes at or above this count are "under pressure".
    let pressureThreshold: Int

    /// Pending handshakes, oldest first.
    private(set) var pending: [ID] = []
    private(set) var established: Set<ID> = []

    init(maxPending: Int, maxEstablished: Int, pressureFraction: Double = 0.75) {
        self.maxPending = max(1, maxPending)
        self.maxEstablished = maxEstablished
        self.pressureThreshold = max(1, Int((Double(self.maxPending) * pressureFraction).rounded(.down)))
    }

    struct Admitted: Equatable {
        /// The oldest pending handshake, to close to make room; nil when there was room.
        let evict: ID?
        /// Whether the new handshake gets the short timeout.
        let underPressure: Bool
    }

    /// A socket was accepted; its handshake starts now.
    mutating func accepted(_ id: ID) -> Admitted {
        var evicted: ID?
        if pending.count >= maxPending { evicted = pending.removeFirst() }
        pending.append(id)
        return Admitted(evict: evicted, underPressure: pending.count >= pressureThreshold)
    }

    /// The handshake finished: true to keep the connection, false when established connections
    /// are at their limit (close it). A handshake evicted meanwhile is not kept either.
    mutating func handshakeCompleted(_ id: ID) -> Bool {
        guard let index = pending.firstIndex(of: id) else { return false }
        pending.remove(at: index)
        guard established.count < maxEstablished else { return false }
        established.insert(id)
        return true
    }

    /// The connection closed, whatever stage it was in.
    mutating func closed(_ id: ID) {
        if let index = pending.firstIndex(of: id) { pending.remove(at: index) }
        established.remove(id)
    }
}

extension ConnectionAdmission: Sendable where ID: Sendable {}
