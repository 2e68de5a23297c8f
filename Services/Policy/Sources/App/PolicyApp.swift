import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp
import TIBSStore

/// The policy service's use cases over its store. Every mutation runs in one group-commit
/// transaction that also appends the change-feed and audit records (``ChangeWriter``): all exist
/// together or not at all. "Today" — for overdue actions, future dates and strategies in force —
/// is the store clock's UTC day, so tests move time by injecting the clock.
public struct PolicyApp: Sendable {
    public let store: ServiceStore
    public let settings: PolicySettings
    public let rules: PolicyRules
    public let codec: any PolicyCoding
    /// How current the evidence is (the follower's state; empty without `--follow`).
    public let sync: EvidenceSyncSource
    let changes: ChangeWriter<PolicyEntityType>
    let ids: UUIDv7Generator

    public init(store: ServiceStore, settings: PolicySettings = PolicySettings(), rules: PolicyRules = PolicyRules(),
                codec: any PolicyCoding, sync: EvidenceSyncSource = .none, ids: UUIDv7Generator = .shared) {
        self.store = store
        self.settings = settings
        self.rules = rules
        self.codec = codec
        self.sync = sync
        self.changes = ChangeWriter(store: store, payloadType: codec.payloadType)
        self.ids = ids
    }

    /// The UTC day of the store clock.
    public var today: CalendarDate { CalendarDate(store.clock()) }
}
