import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

/// SMEs in SQLite: the `smes` row (record without contacts + filter columns), the contact
/// persons in `sme_contacts`, and the free-text row in `sme_text`. Call inside a store
/// transaction; every statement is prepared once per connection and bound.
enum SMETable {
    /// An SME in the form its rows take: the record (also its feed payload), the filter
    /// columns and the encoded contact persons. Built before the write transaction, so the
    /// single group-commit writer, which every create waits for, spends its time on SQL only.
    struct Rows: Sendable {
        let id: String
        /// ``SMEProfile/registrationKey``, for the uniqueness check in the transaction.
        let registrationKey: String
        /// Every column but the id, in the order of the INSERT and UPDATE statements.
        let columns: StatementArguments
        let legalName: String
        let description: String
        let contacts: [Data]
        /// The stored record, which is also the SME's feed payload.
        let record: Data

        init(_ sme: SME, nace: NACE, codec: any RegistryCoding) throws {
            let profile = sme.profile
            let record = try codec.encode(SMEView.feed(sme))
            let naceIndex = RecordCoding.index(profile.naceCodes.map { NACEIndex.token($0, in: nace) })
            id = sme.id
            registrationKey = profile.registrationKey
            columns = [profile.region.country, registrationKey, profile.region.nutsCode, sme.sizeClass.rawValue,
                       sme.stage?.rawValue ?? "", profile.assignedBrokerID, naceIndex,
                       RecordCoding.index(profile.s3Areas.map(\.code)), sme.version, record]
            legalName = profile.legalName
            description = profile.description
            contacts = try profile.contacts.map { try codec.encode($0) }
            self.record = record
        }
    }

    /// Inserts a new SME's rows.
    static func insert(_ db: Database, _ rows: Rows) throws {
        try db.cachedStatement(sql: """
            INSERT INTO smes (id, country, registration_key, region, size_class, stage, stage_on, broker_id,
                              nace_index, s3_index, version, record)
            VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)
            """).execute(arguments: [rows.id] + rows.columns)
        try db.cachedStatement(sql: "INSERT INTO sme_text (rowid, legal_name, description) VALUES (?, ?, ?)")
            .execute(arguments: [db.lastInsertedRowID, rows.legalName, rows.description])
        try insertContacts(db, rows)
    }

    /// Inserts `sme`, encoding it here; returns the stored record, which is also its feed payload.
    @discardableResult
    static func insert(_ db: Database, _ sme: SME, nace: NACE, codec: any RegistryCoding) throws -> Data {
        let rows = try Rows(sme, nace: nace, codec: codec)
        try insert(db, rows)
        return rows.record
    }

    /// Replaces the stored SME (and its contacts) with `sme`; the caller has checked the version.
    /// Returns the stored record, which is also the SME's feed payload.
    @discardableResult
    static func update(_ db: Database, _ sme: SME, nace: NACE, codec: any RegistryCoding) throws -> Data {
        let rows = try Rows(sme, nace: nace, codec: codec)
        try db.cachedStatement(sql: """
            UPDATE smes SET country = ?, registration_key = ?, region = ?, size_class = ?, stage = ?,
                            broker_id = ?, nace_index = ?, s3_index = ?, version = ?, record = ?
            WHERE id = ?
            """).execute(arguments: rows.columns + [rows.id])
        try db.cachedStatement(sql: """
            UPDATE sme_text SET legal_name = ?, description = ? WHERE rowid = (SELECT rowid FROM smes WHERE id = ?)
            """).execute(arguments: [rows.legalName, rows.description, rows.id])
        try deleteContacts(db, smeID: rows.id)
        try insertContacts(db, rows)
        return rows.record
    }

    private static func insertContacts(_ db: Database, _ rows: Rows) throws {
        let statement = try db.cachedStatement(sql: "INSERT INTO sme_contacts (sme_id, position, record) VALUES (?, ?, ?)")
        for (position, contact) in rows.contacts.enumerated() {
            try statement.execute(arguments: [rows.id, position, contact])
        }
    }

    /// Deletes the SME's contact persons; returns how many there were.
    @discardableResult
    static func deleteContacts(_ db: Database, smeID: String) throws -> Int {
        try db.cachedStatement(sql: "DELETE FROM sme_contacts WHERE sme_id = ?").execute(arguments: [smeID])
        return db.changesCount
    }

    /// The SME with this id, contact persons included when `withContacts`.
    static func load(_ db: Database, id: String, codec: any RegistryCoding, withContacts: Bool = true) throws -> SME? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, stage, record FROM smes WHERE id = ?"), arguments: [id]) else {
            return nil
        }
        return try decode(db, row, codec: codec, withContacts: withContacts)
    }

    private static func decode(_ db: Database, _ row: Row, codec: any RegistryCoding, withContacts: Bool) throws -> SME {
        let id: String = row["id"]
        let record: Data = row["record"]
        var sme = try RecordCoding.decode("smes", id) { try codec.decodeSME(record) }
        let stage: String = row["stage"]
        sme.stage = InternationalisationStage(rawValue: stage)
        if withContacts { sme.profile.contacts = try contacts(db, smeID: id, codec: codec) }
        return sme
    }

    static func contacts(_ db: Database, smeID id: String, codec: any RegistryCoding) throws -> [ContactPerson] {
        try Data.fetchAll(
            db.cachedStatement(sql: "SELECT record FROM sme_contacts WHERE sme_id = ? ORDER BY position"), arguments: [id]
        ).map { record in try RecordCoding.decode("sme_contacts", id) { try codec.decodeContact(record) } }
    }

    /// The id of the SME registered under this key in this country, if any.
    static func id(_ db: Database, country: String, registrationKey: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM smes WHERE country = ? AND registration_key = ?"),
                            arguments: [country, registrationKey])
    }

    static func delete(_ db: Database, id: String) throws {
        try db.cachedStatement(sql: "DELETE FROM sme_text WHERE rowid = (SELECT rowid FROM smes WHERE id = ?)").execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM smes WHERE id = ?").execute(arguments: [id])
    }

    /// Sets the stage from a survey dated `on` if it is at least as new as the one that set it last.
    static func recordStage(_ db: Database, id: String, stage: InternationalisationStage, on date: String) throws {
        try db.cachedStatement(sql: "UPDATE smes SET stage = ?, stage_on = ? WHERE id = ? AND stage_on <= ?")
            .execute(arguments: [stage.rawValue, date, id, date])
    }

    /// One page of SMEs matching `filter` in id order. `withContacts` decides per SME
    /// whether its contact persons are loaded.
    static func list(_ db: Database, filter: SMEFilter, page: PageRequest, codec: any RegistryCoding,
                     withContacts: (RegionRef) -> Bool) throws -> Page<SME> {
        var clauses: [String] = []
        var arguments = StatementArguments()
        func add(_ clause: String, _ value: any DatabaseValueConvertible) {
            clauses.append(clause)
            arguments += [value]
        }
        if !filter.country.isEmpty { add("country = ?", filter.country) }
        if !filter.region.isEmpty {
            if filter.regionHasNoSubregions { add("region = ?", filter.region) } else { add("region LIKE ?", filter.region + "%") }
        }
        if !filter.s3Area.isEmpty { add("s3_index LIKE ?", "%,\(filter.s3Area),%") }
        if let pattern = NACEIndex.pattern(prefix: filter.nacePrefix) { add("nace_index LIKE ?", pattern) }
        if let size = filter.sizeClass { add("size_class = ?", size.rawValue) }
        if let stage = filter.stage { add("stage = ?", stage.rawValue) }
        if !filter.assignedBrokerID.isEmpty { add("broker_id = ?", filter.assignedBrokerID) }
        if let query = filter.ftsQuery { add("rowid IN (SELECT rowid FROM sme_text WHERE sme_text MATCH ?)", query) }
        return try Paging.fetch(db, table: "smes", columns: "id, stage, record", clauses: clauses, arguments: arguments,
                                page: page) { row in
            var sme = try decode(db, row, codec: codec, withContacts: false)
            if withContacts(sme.profile.region) { sme.profile.contacts = try contacts(db, smeID: sme.id, codec: codec) }
            return sme
        }
    }
}
