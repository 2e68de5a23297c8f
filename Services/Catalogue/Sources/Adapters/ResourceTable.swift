import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

/// Resources in SQLite: the `resources` row (record without contact + filter columns), the
/// contact person in `resource_contacts`, the free-text row in `resource_text`. Call inside a
/// store transaction; every statement is prepared once per connection and bound.
enum ResourceTable {
    /// The import's natural key of a title: case and surrounding space do not make another resource.
    static func titleKey(_ title: String) -> String { TextRules.trimmed(title).lowercased() }

    /// Inserts or replaces the resource's rows; returns the stored record (its feed payload).
    @discardableResult
    static func save(_ db: Database, _ resource: Resource, nace: NACE, codec: any CatalogueCoding, isNew: Bool) throws -> Data {
        let fields = resource.fields
        let record = try codec.encode(resource)
        let columns: StatementArguments = [
            resource.providerID, resource.region.country, resource.region.nutsCode, fields.kind.rawValue, resource.status.rawValue,
            fields.kind.runsInCalls, fields.isTransnational, RecordCoding.index(fields.s3Areas.map(\.code)),
            RecordCoding.index(fields.naceCodes.map { NACEIndex.token($0, in: nace) }), RecordCoding.index(fields.languages),
            fields.trl?.min.level ?? 0, fields.trl?.max.level ?? 0, fields.validity.opensOn?.description ?? "",
            fields.validity.closesOn?.description ?? "", titleKey(fields.title), resource.version, record,
        ]
        let text: StatementArguments = [fields.title, fields.description, fields.keywords.joined(separator: " ")]
        if isNew {
            try db.cachedStatement(sql: """
                INSERT INTO resources (provider_id, country, region, kind, status, runs_in_calls, transnational, s3_index, nace_index,
                                       languages, trl_min, trl_max, opens_on, closes_on, title_key, version, record, id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: columns + [resource.id])
            try db.cachedStatement(sql: "INSERT INTO resource_text (rowid, title, description, keywords) VALUES (?, ?, ?, ?)")
                .execute(arguments: [db.lastInsertedRowID] + text)
        } else {
            try db.cachedStatement(sql: """
                UPDATE resources SET provider_id = ?, country = ?, region = ?, kind = ?, status = ?, runs_in_calls = ?, transnational = ?,
                                     s3_index = ?, nace_index = ?, languages = ?, trl_min = ?, trl_max = ?, opens_on = ?, closes_on = ?,
                                     title_key = ?, version = ?, record = ?
                WHERE id = ?
                """).execute(arguments: columns + [resource.id])
            try db.cachedStatement(sql: """
                UPDATE resource_text SET title = ?, description = ?, keywords = ? WHERE rowid = (SELECT rowid FROM resources WHERE id = ?)
                """).execute(arguments: text + [resource.id])
            try db.cachedStatement(sql: "DELETE FROM resource_contacts WHERE resource_id = ?").execute(arguments: [resource.id])
        }
        if let contact = fields.contact {
            try db.cachedStatement(sql: "INSERT INTO resource_contacts (resource_id, record) VALUES (?, ?)")
                .execute(arguments: [resource.id, try codec.encode(contact)])
        }
        return record
    }

    static func load(_ db: Database, id: String, codec: any CatalogueCoding, withContact: Bool) throws -> Resource? {
        guard let record = try Data.fetchOne(db.cachedStatement(sql: "SELECT record FROM resources WHERE id = ?"), arguments: [id]) else {
            return nil
        }
        return try decode(db, id: id, record: record, codec: codec, withContact: withContact)
    }

    /// The id of the provider's resource of this kind and title, if any (the import's natural key).
    static func id(_ db: Database, providerID: String, kind: ResourceKind, title: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM resources WHERE provider_id = ? AND kind = ? AND title_key = ?"),
                            arguments: [providerID, kind.rawValue, titleKey(title)])
    }

    /// Every resource of a provider, contacts included (export, erasure).
    static func all(_ db: Database, providerID: String, codec: any CatalogueCoding) throws -> [Resource] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, record FROM resources WHERE provider_id = ? ORDER BY id"), arguments: [providerID])
            .map { row in try decode(db, id: row["id"], record: row["record"], codec: codec, withContact: true) }
    }

    /// Programmes not yet retired whose deadline is before `today`.
    static func closedProgrammes(_ db: Database, before today: CalendarDate, codec: any CatalogueCoding) throws -> [Resource] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, record FROM resources
            WHERE runs_in_calls = 1 AND status != 'retired' AND closes_on != '' AND closes_on < ? ORDER BY id
            """), arguments: [today.description])
            .map { row in try decode(db, id: row["id"], record: row["record"], codec: codec, withContact: true) }
    }

    /// Deletes the contact persons of the provider's resources; returns how many there were.
    @discardableResult
    static func deleteContacts(_ db: Database, providerID: String) throws -> Int {
        try db.cachedStatement(sql: "DELETE FROM resource_contacts WHERE resource_id IN (SELECT id FROM resources WHERE provider_id = ?)")
            .execute(arguments: [providerID])
        return db.changesCount
    }

    /// One page of resources matching `filter` as of `today`, in id order. `withContact` decides
    /// per resource whether its contact person is loaded.
    static func list(_ db: Database, filter: ResourceFilter, today: CalendarDate, page: PageRequest, codec: any CatalogueCoding,
                     withContact: (RegionRef) -> Bool) throws -> Page<Resource> {
        var clauses: [String] = []
        var arguments = StatementArguments()
        func add(_ clause: String, _ values: [any DatabaseValueConvertible]) {
            clauses.append(clause)
            arguments += StatementArguments(values)
        }
        add("status = ?", [(filter.status ?? .published).rawValue])
        if let kind = filter.kind { add("kind = ?", [kind.rawValue]) }
        if !filter.providerID.isEmpty { add("provider_id = ?", [filter.providerID]) }
        if !filter.country.isEmpty { add("country = ?", [filter.country]) }
        if !filter.region.isEmpty { add("region LIKE ?", [filter.region + "%"]) }
        if !filter.s3Area.isEmpty { add("s3_index LIKE ?", ["%,\(filter.s3Area),%"]) }
        if let pattern = NACEIndex.pattern(prefix: filter.nacePrefix) { add("nace_index LIKE ?", [pattern]) }
        if filter.trlMin != nil || filter.trlMax != nil {
            add("trl_min > 0 AND trl_min <= ? AND trl_max >= ?", [(filter.trlMax ?? .provenInOperationalEnvironment).level,
                                                                  (filter.trlMin ?? .basicPrinciples).level])
        }
        if filter.transnationalOnly { add("transnational = 1", []) }
        if let day = filter.validOn?.description {
            add("(opens_on = '' OR opens_on <= ?) AND (closes_on = '' OR closes_on >= ?)", [day, day])
        }
        if !filter.language.isEmpty { add("languages LIKE ?", ["%,\(filter.language),%"]) }
        if !filter.includeClosed { add("NOT (runs_in_calls = 1 AND closes_on != '' AND closes_on < ?)", [today.description]) }
        if let query = FullText.query(filter.text) { add("rowid IN (SELECT rowid FROM resource_text WHERE resource_text MATCH ?)", [query]) }
        return try Paging.fetch(db, table: "resources", clauses: clauses, arguments: arguments, page: page) { row in
            let id: String = row["id"]
            var resource = try decode(db, id: id, record: row["record"], codec: codec, withContact: false)
            if withContact(resource.region) { resource.fields.contact = try contact(db, resourceID: id, codec: codec) }
            return resource
        }
    }

    private static func decode(_ db: Database, id: String, record: Data, codec: any CatalogueCoding, withContact: Bool) throws -> Resource {
        var resource = try RecordCoding.decode("resources", id) { try codec.decodeResource(record) }
        if withContact { resource.fields.contact = try contact(db, resourceID: id, codec: codec) }
        return resource
    }

    private static func contact(_ db: Database, resourceID: String, codec: any CatalogueCoding) throws -> ContactPerson? {
        try Data.fetchOne(db.cachedStatement(sql: "SELECT record FROM resource_contacts WHERE resource_id = ?"), arguments: [resourceID])
            .map { record in try RecordCoding.decode("resource_contacts", resourceID) { try codec.decodeContact(record) } }
    }
}
