import Foundation
import GRDB
import TIBSDomain
import TIBSIdentity
import TIBSServiceApp
import TIBSStore

extension PolicyApp {
    /// Adds an institution. Admins only; INVALID_ARGUMENT for broken rules (nothing stored).
    public func createInstitution(_ input: InstitutionFields, by caller: Caller, idempotency: IdempotencyTicket? = nil) async throws -> Created<InstitutionView> {
        try requireAdmin(caller.principal, "manage institutions")
        let now = store.now
        var fields = try rules.validate(input)
        fields.contacts = fields.contacts.map { stamped($0, now: now) }
        let institution = Institution(id: ids.next(), fields: fields, version: 1, createdAt: now, updatedAt: now)
        let view = InstitutionView(institution, for: caller.principal)
        let response = try idempotency.map { _ in try codec.encode(view) }
        return try await store.groupWrite { db in
            try changes.idempotent(db, idempotency, caller, encode: { _ in response ?? Data() }) {
                let record = try InstitutionTable.save(db, institution, codec: codec, isNew: true)
                try changes.record(db, caller, .institution, institution.id, .created, payload: record)
                return view
            }
        }
    }

    public func getInstitution(id: String, for principal: Principal) async throws -> InstitutionView {
        try await store.read { db in
            InstitutionView(try requireInstitution(db, id, withContacts: PolicyAccess.maySeeContacts(principal)), for: principal)
        }
    }

    /// Replaces every field. Admins only; ABORTED when `expectedVersion` is stale.
    public func updateInstitution(id: String, expectedVersion: Int64, _ input: InstitutionFields, by caller: Caller) async throws -> InstitutionView {
        try requireAdmin(caller.principal, "manage institutions")
        let now = store.now
        var fields = try rules.validate(input)
        fields.contacts = fields.contacts.map { stamped($0, now: now) }
        let validated = fields
        return try await store.groupWrite { db in
            var institution = try requireInstitution(db, id, withContacts: true)
            guard institution.version == expectedVersion else {
                throw ServiceError.staleVersion(entity: "institution", id: id, expected: expectedVersion, actual: institution.version)
            }
            institution.fields = validated
            institution.version += 1
            institution.updatedAt = now
            let record = try InstitutionTable.save(db, institution, codec: codec, isNew: false)
            try changes.record(db, caller, .institution, id, .updated, payload: record)
            return InstitutionView(institution, for: caller.principal)
        }
    }

    public func listInstitutions(_ filter: InstitutionFilter, page: PageRequest, for principal: Principal) async throws -> Page<InstitutionView> {
        try await store.read { db in
            try InstitutionTable.list(db, filter: filter, page: page, codec: codec, withContacts: PolicyAccess.maySeeContacts(principal))
                .map { InstitutionView($0, for: principal) }
        }
    }

    /// GDPR erasure: removes every contact person of the institution — the rows, the payloads of
    /// its earlier feed records (defensively) and the stored idempotent responses that repeated
    /// them — and records the act as an `erased` feed record; the WAL is truncated after it.
    public func eraseInstitutionPersonalData(id: String, by caller: Caller) async throws -> (contactsErased: Int, version: Int64) {
        try requireAdmin(caller.principal, "erase institution contacts")
        let now = store.now
        let result = try await store.groupWrite { db in
            var institution = try requireInstitution(db, id, withContacts: false)
            let erased = try InstitutionTable.deleteContacts(db, institutionID: id)
            institution.personalDataErased = true
            institution.fields.contacts = []
            institution.version += 1
            institution.updatedAt = now
            let record = try InstitutionTable.save(db, institution, codec: codec, isNew: false)
            try store.idempotency.forgetResponses(db, containing: Data(id.utf8))
            try store.feed.redactPayloads(db, entityType: PolicyEntityType.institution.rawValue, entityID: id)
            try changes.record(db, caller, .institution, id, .erased, payload: record)
            return (erased, institution.version)
        }
        await store.truncateWALAfterErasure()
        return result
    }

    func requireInstitution(_ db: Database, _ id: String, withContacts: Bool) throws -> Institution {
        guard let institution = try InstitutionTable.load(db, id: id, codec: codec, withContacts: withContacts) else {
            throw ServiceError.notFound(entity: "institution", id: id)
        }
        return institution
    }

    /// PERMISSION_DENIED unless an admin calls (institutions and strategies are the admins').
    func requireAdmin(_ principal: Principal, _ what: String) throws(ServiceError) {
        guard principal.role == .admin else { throw .permissionDenied("only admins \(what); \(principal.role.rawValue) '\(principal.subject)' may read") }
    }

    /// Consent stamps: a contact without a recorded time gets `now`.
    func stamped(_ contact: ContactPerson, now: Date) -> ContactPerson {
        var contact = contact
        if contact.consentRecordedAt == nil { contact.consentRecordedAt = now }
        return contact
    }
}
