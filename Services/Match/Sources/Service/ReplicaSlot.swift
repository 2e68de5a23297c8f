import NIOConcurrencyHelpers
import TIBSStore

/// The one ``MatchReplica`` of a running match service. `ServiceDefinition` hands the opened
/// store to its routes and, later, to its background work and probes separately: the replica
/// is made on the first of them that asks, on that store, and every later caller gets the same
/// one — the index the handlers rank from is the index the followers keep current.
final class ReplicaSlot: Sendable {
    private let make: @Sendable (ServiceStore) -> MatchReplica
    private let replica = NIOLockedValueBox<MatchReplica?>(nil)

    init(make: @escaping @Sendable (ServiceStore) -> MatchReplica) {
        self.make = make
    }

    /// The replica on `store`, made now if none is (or if it was made on another store: a test
    /// that assembles the same definition twice gets a fresh one for each store).
    func replica(on store: ServiceStore) -> MatchReplica {
        replica.withLockedValue { current in
            if let existing = current, existing.store === store { return existing }
            let made = make(store)
            current = made
            return made
        }
    }

    /// The replica once made; nil before the service's store is open.
    var current: MatchReplica? { replica.withLockedValue { $0 } }
}
