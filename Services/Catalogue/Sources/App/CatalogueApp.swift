import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp
import TIBSStore

/// The catalogue's use cases over its store. Every mutation runs in one group-commit transaction
/// that also appends the change-feed and audit records (``ChangeWriter``): all exist together or
/// not at all. "Today" — for windows and freshness — is the store clock's UTC day, so tests move
/// time by injecting the clock.
public struct CatalogueApp: Sendable {
    public let store: ServiceStore
    public let rules: CatalogueRules
    public let codec: any CatalogueCoding
    let changes: ChangeWriter<CatalogueEntity>
    let ids: UUIDv7Generator

    public init(store: ServiceStore, rules: CatalogueRules = CatalogueRules(), codec: any CatalogueCoding,
                ids: UUIDv7Generator = .shared) {
        self.store = store
        self.rules = rules
        self.codec = codec
        self.changes = ChangeWriter(store: store, payloadType: codec.payloadType)
        self.ids = ids
    }

    /// The UTC day of the store clock.
    public var today: CalendarDate { CalendarDate(store.clock()) }

    func requireProvider(_ db: Database, _ id: String, withContacts: Bool = false) throws -> Provider {
        guard let provider = try ProviderTable.load(db, id: id, codec: codec, withContacts: withContacts) else {
            throw ServiceError.notFound(entity: "provider", id: id)
        }
        return provider
    }

    func requireResource(_ db: Database, _ id: String, withContact: Bool = true) throws -> Resource {
        guard let resource = try ResourceTable.load(db, id: id, codec: codec, withContact: withContact) else {
            throw ServiceError.notFound(entity: "resource", id: id)
        }
        return resource
    }

    /// Consent stamps: a contact without a recorded time gets `now`.
    func stamped(_ contact: ContactPerson?, now: Date) -> ContactPerson? {
        guard var contact else { return nil }
        if contact.consentRecordedAt == nil { contact.consentRecordedAt = now }
        return contact
    }
}
