import Foundation
import GRDB
import TIBSDomain

/// What happened to one row of a bulk import.
public enum ImportOutcome: Sendable, Equatable {
    case created(id: String)
    case updated(id: String)
    /// Nothing of the row was written; violations name the fields (relative to `fields`).
    case rejected([FieldViolation])
}

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
        let now = self.now
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
                } catch let error as RegistryError {
                    outcome = .rejected([FieldViolation(field: "registration_id", description: Self.describe(error))])
                }
                results.append((row.index, outcome))
            }
            return results
        }
        for (index, outcome) in written { outcomes[index] = outcome }
        return outcomes.map { $0 ?? .rejected([]) }
    }

    private func importRow(_ db: Database, _ profile: SMEProfile, newID: String, now: Date, caller: Caller) throws -> ImportOutcome {
        guard caller.principal.canWrite(region: profile.region.nutsCode) else {
            throw ValidationErrors(field: "region.nuts_code",
                                   "\(caller.principal.role.rawValue) '\(caller.principal.subject)' may not write data of region \(profile.region.nutsCode)")
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
        try recordChange(db, caller, .sme, newID, .created, payload: record)
        return .created(id: newID)
    }

    static func describe(_ error: RegistryError) -> String {
        switch error {
        case .notFound(let entity, let id): "\(entity) \(id) not found"
        case .alreadyExists(let what): what
        case .staleVersion(let entity, let id, _, _): "\(entity) \(id) changed meanwhile"
        case .permissionDenied(let why): why
        }
    }
}
