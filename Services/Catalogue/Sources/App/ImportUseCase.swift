import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp
import TIBSStore

extension CatalogueApp {
    /// Rows per transaction of an import (as the registry's).
    public static let importChunkSize = 250

    /// Imports resource rows: each valid row drafts a resource of its provider, or updates the
    /// provider's resource of the same kind and title (keeping its review status; a published
    /// one must stay complete); a row equal to what is stored is `unchanged` — no new version,
    /// no feed record — so importing the same file twice writes nothing the second time.
    /// `precheck` holds, per row, what was refused before mapping (unknown enum numbers, with
    /// paths from the row): such a row is rejected with those violations.
    public func importChunk(_ rows: [(providerID: String, input: ResourceInput)], by caller: Caller,
                            precheck: [[FieldViolation]] = []) async throws -> [ImportOutcome] {
        let now = store.now
        let indexed = rows.enumerated().map { (index: $0.offset, row: $0.element) }
        return try await ImportChunk.run(indexed, store: store, refusalField: "provider_id", validate: { entry in
            let row = entry.row
            if entry.index < precheck.count, !precheck[entry.index].isEmpty { throw ValidationErrors(precheck[entry.index]) }
            var fields = try rules.validate(row.input)
            fields.contact = stamped(fields.contact, now: now)
            return (row.providerID, fields, ids.next())
        }, write: { db, row in
            try importRow(db, providerID: row.0, row.1, newID: row.2, now: now, caller: caller)
        })
    }

    private func importRow(_ db: Database, providerID: String, _ fields: ResourceFields, newID: String, now: Date,
                           caller: Caller) throws -> ImportOutcome {
        guard let provider = try ProviderTable.load(db, id: providerID, codec: codec, withContacts: false) else {
            throw ValidationErrors(field: "provider_id", "no provider has this id")
        }
        if let refusal = RegionAccess.writeRefusal(provider.profile.region.nutsCode, by: caller.principal) {
            throw ValidationErrors(field: "provider_id", refusal)
        }
        guard let existingID = try ResourceTable.id(db, providerID: providerID, kind: fields.kind, title: fields.title) else {
            try insert(db, Resource(id: newID, providerID: providerID, region: provider.profile.region, fields: fields,
                                    createdAt: now, updatedAt: now), by: caller)
            return .created(id: newID)
        }
        var resource = try requireResource(db, existingID)
        var incoming = fields
        // A re-imported contact keeps the consent time it was first stamped with.
        if incoming.contact?.withoutConsentTime == resource.fields.contact?.withoutConsentTime {
            incoming.contact = resource.fields.contact
        }
        if incoming == resource.fields { return .unchanged(id: existingID) }
        guard resource.status != .retired else {
            throw ServiceError.failedPrecondition("resource \(existingID) is retired: it can no longer be edited")
        }
        if resource.status == .published, !Completeness(incoming).isPublishable {
            throw ValidationErrors(field: "fields", "the published resource \(existingID) would no longer be complete enough to stay published")
        }
        resource.fields = incoming
        resource.version += 1
        resource.updatedAt = now
        let record = try ResourceTable.save(db, resource, nace: rules.codes.nace, codec: codec, isNew: false)
        try changes.record(db, caller, .resource, existingID, .updated, payload: record)
        return .updated(id: existingID)
    }
}

extension ContactPerson {
    /// The person without the time consent was recorded, for comparing what a row says with what is stored.
    var withoutConsentTime: ContactPerson {
        var copy = self
        copy.consentRecordedAt = nil
        return copy
    }
}
