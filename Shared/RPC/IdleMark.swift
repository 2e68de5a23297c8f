import Atomics
import NIOCore

/// Since when a server connection has had no call open, for the server to choose which connection
/// makes room at its connection limit (``ConnectionAdmission``). Written on the connection's event
/// loop as calls start and the last one ends, read by the server only at the limit: one relaxed
/// store per change, no lock on the call path.
final class IdleMark: Sendable {
    /// Uptime nanoseconds; 0 while a call is open or before the connection is ready.
    private let since = ManagedAtomic<UInt64>(0)

    func becameIdle(at deadline: NIODeadline) { since.store(max(1, deadline.uptimeNanoseconds), ordering: .relaxed) }
    func becameBusy() { since.store(0, ordering: .relaxed) }

    /// nil while busy.
    var idleSince: UInt64? {
        let value = since.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }
}
