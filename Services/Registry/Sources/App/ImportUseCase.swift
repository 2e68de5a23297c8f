import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

extension RegistryApp {
    /// Rows per transaction of an import: large enough to amortise the commit, small enough
    /// not to hold the writer long (other callers' writes wait behind a chunk).
    public static let importChunkSize = 250

    /// Imports rows: each valid row creates an SME, or updates the SME of its country with the
    /// same registration id. Every row is all-or-nothing (its own savepoint), so a bad row is
    /// reported and skipped and never leaves half a record; the chunk commits as one group.
    public func importChunk(_ rows: [SMEProfile], by caller: Caller) async throws -> [ImportOutcome] {
        let now = store.now
        return try await ImportChunk.run(rows, store: store, refusalField: "registration_id",
                                         validate: { (stamped(try rules.validate($0)), ids.next()) },
                                         write: { db, row in try importRow(db, row.0, newID: row.1, now: now, caller: caller) })
    }

    /// Whether a re-imported row says nothing new: what `apply` would store equals what is stored.
    /// A contact's consent stamp is when its consent was first recorded, so the same contact
    /// imported again keeps the stored stamp; contacts the caller may not see are never replaced.
    static func sameAsStored(_ incoming: SMEProfile, _ stored: SMEProfile, contactsVisible: Bool) -> Bool {
        var incoming = incoming
        if !contactsVisible { incoming.contacts = stored.contacts }
        for index in incoming.contacts.indices where index < stored.contacts.count {
            var restamped = incoming.contacts[index]
            restamped.consentRecordedAt = stored.contacts[index].consentRecordedAt
            if restamped == stored.contacts[index] { incoming.contacts[index] = restamped }
        }
        return incoming == stored
    }

    private func importRow(_ db: Database, _ profile: SMEProfile, newID: String, now: Date, caller: Caller) throws -> ImportOutcome {
        if let refusal = RegionAccess.writeRefusal(profile.region.nutsCode, by: caller.principal) {
            throw ValidationErrors(field: "region.nuts_code", refusal)
        }
        if let existingID = try SMETable.id(db, country: profile.region.country, registrationKey: profile.registrationKey) {
            var sme = try requireSME(db, existingID, withContacts: true)
            try AccessPolicy.requireWrite(sme.profile.region.nutsCode, by: caller.principal)
            if Self.sameAsStored(profile, sme.profile, contactsVisible: AccessPolicy.maySeeContacts(of: sme.profile.region.nutsCode, caller.principal)) {
                return .unchanged(id: existingID)
            }
            try apply(db, profile, to: &sme, now: now, caller: caller)
            return .updated(id: existingID)
        }
        try checkAssignedBroker(db, profile)
        let sme = SME(id: newID, profile: profile, sizeClass: rules.sizeClass(profile.figures), version: 1, createdAt: now, updatedAt: now)
        let record = try SMETable.insert(db, sme, nace: rules.codes.nace, codec: codec)
        try changes.record(db, caller, .sme, newID, .created, payload: record)
        return .created(id: newID)
    }
}
