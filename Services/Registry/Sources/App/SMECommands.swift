import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp
import TIBSStore

extension RegistryApp {
    /// Registers an SME. INVALID_ARGUMENT for broken rules, PERMISSION_DENIED outside the
    /// caller's regions, ALREADY_EXISTS when the country already has this registration id.
    public func createSME(_ input: SMEProfile, by caller: Caller, idempotency: IdempotencyTicket? = nil) async throws -> Created<SMEView> {
        // The region is known from the request: authorisation first, so the answer does not
        // depend on which other fields were broken.
        try AccessPolicy.requireWrite(NUTS.normalize(input.region.nutsCode), by: caller.principal)
        let profile = stamped(try rules.validate(input))
        let now = store.now
        let sme = SME(id: ids.next(), profile: profile, sizeClass: rules.sizeClass(profile.figures), version: 1, createdAt: now, updatedAt: now)
        // Everything that needs no stored data is done here, concurrently with other callers;
        // the transaction, run by the one writer every create waits for, only checks and writes.
        let rows = try SMETable.Rows(sme, nace: rules.codes.nace, codec: codec)
        let view = SMEView(sme, for: caller.principal)
        let response = try idempotency.map { _ in try codec.encode(view) }
        return try await store.groupWrite { db in
            try changes.idempotent(db, idempotency, caller, encode: { _ in response ?? Data() }) {
                try checkAssignedBroker(db, profile)
                if let existing = try SMETable.id(db, country: profile.region.country, registrationKey: rows.registrationKey) {
                    throw ServiceError.alreadyExists("SME \(existing) is registered in \(profile.region.country) with registration id \(profile.registrationID)")
                }
                try SMETable.insert(db, rows)
                try changes.record(db, caller, .sme, sme.id, .created, payload: rows.record)
                return view
            }
        }
    }

    /// Replaces every field of an SME. ABORTED when `expectedVersion` is stale; the caller
    /// must be allowed to write both the old and the new region. A caller who may not see
    /// contact persons cannot change them either: the stored ones are kept.
    public func updateSME(id: String, expectedVersion: Int64, _ input: SMEProfile, by caller: Caller) async throws -> SMEView {
        try AccessPolicy.requireWrite(NUTS.normalize(input.region.nutsCode), by: caller.principal)
        let profile = stamped(try rules.validate(input))
        let now = store.now
        return try await store.groupWrite { db in
            var sme = try requireSME(db, id, withContacts: true)
            try AccessPolicy.requireWrite(sme.profile.region.nutsCode, by: caller.principal)
            try AccessPolicy.requireWrite(profile.region.nutsCode, by: caller.principal)
            guard sme.version == expectedVersion else {
                throw ServiceError.staleVersion(entity: "SME", id: id, expected: expectedVersion, actual: sme.version)
            }
            try apply(db, profile, to: &sme, now: now, caller: caller)
            return SMEView(sme, for: caller.principal)
        }
    }

    /// Writes `profile` over `sme` (version + 1), moves its needs, offers and surveys when the
    /// region changed, and records the change. Shared by UpdateSme and ImportSmes.
    func apply(_ db: Database, _ profile: SMEProfile, to sme: inout SME, now: Date, caller: Caller) throws {
        try checkAssignedBroker(db, profile)
        if let owner = try SMETable.id(db, country: profile.region.country, registrationKey: profile.registrationKey), owner != sme.id {
            throw ServiceError.alreadyExists("SME \(owner) is registered in \(profile.region.country) with registration id \(profile.registrationID)")
        }
        var profile = profile
        if !AccessPolicy.maySeeContacts(of: sme.profile.region.nutsCode, caller.principal) {
            profile.contacts = sme.profile.contacts
        }
        let moved = profile.region != sme.profile.region
        sme.profile = profile
        sme.sizeClass = rules.sizeClass(profile.figures)
        sme.version += 1
        sme.updatedAt = now
        let record = try SMETable.update(db, sme, nace: rules.codes.nace, codec: codec)
        try changes.record(db, caller, .sme, sme.id, .updated, payload: record)
        if moved {
            for (posting, record) in try PostingTable.moveRegion(db, smeID: sme.id, to: profile.region, codec: codec) {
                try changes.record(db, caller, EntityType(posting.side), posting.id, .updated, payload: record)
            }
            for var survey in try SurveyTable.all(db, smeID: sme.id, codec: codec) {
                survey.region = profile.region
                let record = try SurveyTable.update(db, survey, codec: codec)
                try changes.record(db, caller, .survey, survey.id, .updated, payload: record)
            }
        }
    }

    /// Deletes an SME with its needs, offers, surveys and contact persons; each removal is
    /// a `deleted` record on the feed. `expectedVersion` 0 deletes whatever the version.
    public func deleteSME(id: String, expectedVersion: Int64, by caller: Caller) async throws {
        try await store.groupWrite { db in
            let sme = try requireSME(db, id)
            try AccessPolicy.requireWrite(sme.profile.region.nutsCode, by: caller.principal)
            guard expectedVersion == 0 || sme.version == expectedVersion else {
                throw ServiceError.staleVersion(entity: "SME", id: id, expected: expectedVersion, actual: sme.version)
            }
            for posting in try PostingTable.all(db, smeID: id, codec: codec) {
                try changes.record(db, caller, EntityType(posting.side), posting.id, .deleted, payload: nil)
            }
            for survey in try SurveyTable.all(db, smeID: id, codec: codec) {
                try changes.record(db, caller, .survey, survey.id, .deleted, payload: nil)
            }
            try SMETable.delete(db, id: id)  // cascades to contacts, postings, surveys
            try forgetIdempotencyResponses(db, smeID: id)
            try changes.record(db, caller, .sme, id, .deleted, payload: nil)
        }
        await checkpoint()
    }

    /// GDPR erasure: removes every contact person of the SME from this service — the rows,
    /// any stored idempotent response that repeated them, and (defensively) the payloads of
    /// the SME's earlier feed records — then records the act itself as an `erased` feed
    /// record (payload: the SME without personal data) and an audit entry. Afterwards the WAL
    /// is checkpointed and truncated; with `secure_delete` on, no old bytes remain in the file.
    public func erasePersonalData(id: String, by caller: Caller) async throws -> (contactsErased: Int, version: Int64) {
        let now = store.now
        let result = try await store.groupWrite { db in
            var sme = try requireSME(db, id)
            try AccessPolicy.requireWrite(sme.profile.region.nutsCode, by: caller.principal)
            let erased = try SMETable.deleteContacts(db, smeID: id)
            sme.personalDataErased = true
            sme.version += 1
            sme.updatedAt = now
            let record = try SMETable.update(db, sme, nace: rules.codes.nace, codec: codec)
            try forgetIdempotencyResponses(db, smeID: id)
            try store.feed.redactPayloads(db, entityType: EntityType.sme.rawValue, entityID: id)
            try changes.record(db, caller, .sme, id, .erased, payload: record)
            return (erased, sme.version)
        }
        await checkpoint()
        return result
    }

    /// Drops the stored idempotent responses that mention the SME: they repeat its contact
    /// persons, and their request digests would confirm a guessed e-mail on replay.
    func forgetIdempotencyResponses(_ db: Database, smeID: String) throws {
        try store.idempotency.forgetResponses(db, containing: Data(smeID.utf8))
    }

    /// Moves the WAL into the database file and truncates it, so pages that held erased data
    /// do not linger in the -wal file. Best effort: a long reader can keep old frames alive
    /// until the next checkpoint, which then removes them.
    func checkpoint() async {
        await store.truncateWALAfterErasure()
    }
}
