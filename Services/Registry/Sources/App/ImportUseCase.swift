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
        var outcomes = [ImportOutcome?](repeating: nil, count: rows.count)
        var valid: [(index: Int, profile: SMEProfile, newID: String)] = []
        for (index, row) in rows.enumerated() {
            do {
                valid.append((index, stamped(try rules.validate(row)), ids.next()))
            } catch {
                outcomes[index] = .rejected(error.violations)
            }
        }
        let now = store.now
        let rowsToWrite = valid
        let written = try await store.groupWrite { db in
            var results: [(Int, ImportOutcome)] = []
            for row in rowsToWrite {
                var outcome = ImportOutcome.rejected([])
                do {
                    try db.inSavepoint {
                        outcome = try importRow(db, row.profile, newID: row.newID, now: now, caller: caller)
                        return .commit
                    }
                } catch let error as ValidationErrors {
                    outcome = .rejected(error.violations)
                } catch let error as ServiceError {
                    outcome = .rejected([FieldViolation(field: "registration_id", description: error.summary)])
                }
                results.append((row.index, outcome))
            }
            return results
        }
        for (index, outcome) in written { outcomes[index] = outcome }
        return outcomes.map { $0 ?? .rejected([]) }
    }

    private func importRow(_ db: Database, _ profile: SMEProfile, newID: String, now: Date, caller: Caller) throws -> ImportOutcome {
        if let refusal = RegionAccess.writeRefusal(profile.region.nutsCode, by: caller.principal) {
            throw ValidationErrors(field: "region.nuts_code", refusal)
        }
        if let existingID = try SMETable.id(db, country: profile.region.country, registrationKey: profile.registrationKey) {
            var sme = try requireSME(db, existingID, withContacts: true)
            try AccessPolicy.requireWrite(sme.profile.region.nutsCode, by: caller.principal)
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
