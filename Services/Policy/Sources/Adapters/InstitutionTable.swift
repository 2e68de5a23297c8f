import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

/// Institutions in SQLite: the `institutions` row (record without contacts + filter columns) and
/// the contact persons in `institution_contacts`. Call inside a store transaction.
enum InstitutionTable {
    /// Inserts or replaces the institution's rows; returns the stored record (its feed payload).
    @discardableResult
    static func save(_ db: Database, _ institution: Institution, codec: any PolicyCoding, isNew: Bool) throws -> Data {
        let fields = institution.fields
        let record = try codec.encode(institution)
        let columns: StatementArguments = [fields.country, fields.region, fields.kind?.rawValue ?? 0, fields.level?.rawValue ?? 0,
                                           institution.version, record, institution.id]
        if isNew {
            try db.cachedStatement(sql: "INSERT INTO institutions (country, region, kind, level, version, record, id) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: columns)
        } else {
            try db.cachedStatement(sql: "UPDATE institutions SET country = ?, region = ?, kind = ?, level = ?, version = ?, record = ? WHERE id = ?")
                .execute(arguments: columns)
            try deleteContacts(db, institutionID: institution.id)
        }
        let insert = try db.cachedStatement(sql: "INSERT INTO institution_contacts (institution_id, position, record) VALUES (?, ?, ?)")
        for (position, contact) in fields.contacts.enumerated() {
            try insert.execute(arguments: [institution.id, position, try codec.encode(contact)])
        }
        return record
    }

    @discardableResult
    static func deleteContacts(_ db: Database, institutionID: String) throws -> Int {
        try db.cachedStatement(sql: "DELETE FROM institution_contacts WHERE institution_id = ?").execute(arguments: [institutionID])
        return db.changesCount
    }

    static func load(_ db: Database, id: String, codec: any PolicyCoding, withContacts: Bool) throws -> Institution? {
        guard let record = try Data.fetchOne(db.cachedStatement(sql: "SELECT record FROM institutions WHERE id = ?"), arguments: [id]) else {
            return nil
        }
        return try decode(db, id: id, record: record, codec: codec, withContacts: withContacts)
    }

    static func list(_ db: Database, filter: InstitutionFilter, page: PageRequest, codec: any PolicyCoding,
                     withContacts: Bool) throws -> Page<Institution> {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if !filter.country.isEmpty { clauses.append("country = ?"); arguments += [filter.country] }
        if !filter.region.isEmpty { clauses.append("region LIKE ?"); arguments += [filter.region + "%"] }
        if let kind = filter.kind { clauses.append("kind = ?"); arguments += [kind.rawValue] }
        if let level = filter.level { clauses.append("level = ?"); arguments += [level.rawValue] }
        return try Paging.fetch(db, table: "institutions", clauses: clauses, arguments: arguments, page: page) { row in
            try decode(db, id: row["id"], record: row["record"], codec: codec, withContacts: withContacts)
        }
    }

    /// Names by id, for the influence report.
    static func names(_ db: Database, codec: any PolicyCoding, ids: Set<String>) throws -> [String: String] {
        var names: [String: String] = [:]
        for id in ids {
            if let institution = try load(db, id: id, codec: codec, withContacts: false) { names[id] = institution.fields.name }
        }
        return names
    }

    private static func decode(_ db: Database, id: String, record: Data, codec: any PolicyCoding, withContacts: Bool) throws -> Institution {
        var institution = try RecordCoding.decode("institutions", id) { try codec.decodeInstitution(record) }
        if withContacts {
            institution.fields.contacts = try Data.fetchAll(
                db.cachedStatement(sql: "SELECT record FROM institution_contacts WHERE institution_id = ? ORDER BY position"), arguments: [id])
                .map { data in try RecordCoding.decode("institution_contacts", id) { try codec.decodeContact(data) } }
        }
        return institution
    }
}
