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
/// - At `maxEstablished`, a finished handshake takes the slot of the established connection idle
///   longest (no call open for at least `evictIdleAfter`), which is sent away: connections that
///   never call (or trickle bytes that never make a frame) cannot keep real clients out for the
///   whole idle timeout. With none idle that long, the new connection is refused.
struct ConnectionAdmission<ID: Hashable> {
    let maxPending: Int
    let maxEstablished: Int
    /// Nanoseconds an established connection must have been idle to make room; nil: never.
    let evictIdleAfter: UInt64?
    /// Pending handshakes at or above this count are "under pressure".
    let pressureThreshold: Int

    /// Pending handshakes, oldest first.
    private(set) var pending: [ID] = []
    private(set) var established: Set<ID> = []

    init(maxPending: Int, maxEstablished: Int, evictIdleAfter: UInt64? = nil, pressureFraction: Double = 0.75) {
        self.maxPending = max(1, maxPending)
        self.maxEstablished = maxEstablished
        self.evictIdleAfter = evictIdleAfter
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

    /// What a finished handshake gets.
    enum Completion: Equatable {
        case kept
        /// Kept at the limit; this established connection, idle longest, is to be sent away.
        case keptInPlaceOf(ID)
        case refused
    }

    /// The handshake finished. At the limit, `idleSince` tells when each established connection's
    /// last call ended (nil: a call is open), on the same clock as `now` (nanoseconds). A
    /// handshake evicted meanwhile is not kept.
    mutating func handshakeCompleted(_ id: ID, now: UInt64, idleSince: (ID) -> UInt64?) -> Completion {
        guard let index = pending.firstIndex(of: id) else { return .refused }
        pending.remove(at: index)
        guard established.count >= maxEstablished else {
            established.insert(id)
            return .kept
        }
        guard let evictIdleAfter, now >= evictIdleAfter else { return .refused }
        let idle = established.compactMap { other in idleSince(other).map { (id: other, since: $0) } }
            .filter { $0.since <= now - evictIdleAfter }
        guard let longest = idle.min(by: { $0.since < $1.since }) else { return .refused }
        established.remove(longest.id)
        established.insert(id)
        return .keptInPlaceOf(longest.id)
    }


    /// The connection closed, whatever stage it was in.
    mutating func closed(_ id: ID) {
        if let index = pending.firstIndex(of: id) { pending.remove(at: index) }
        established.remove(id)
    }
}

extension ConnectionAdmission: Sendable where ID: Sendable {}
