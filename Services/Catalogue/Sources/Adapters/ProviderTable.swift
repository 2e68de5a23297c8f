import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

/// Providers in SQLite: the `providers` row (record without contacts + filter columns) and the
/// contact persons in `provider_contacts`. Call inside a store transaction.
enum ProviderTable {
    /// Inserts or replaces the provider's rows; returns the stored record (its feed payload).
    @discardableResult
    static func save(_ db: Database, _ provider: Provider, codec: any CatalogueCoding, isNew: Bool) throws -> Data {
        let profile = provider.profile
        let record = try codec.encode(provider)
        let columns: StatementArguments = [profile.region.country, profile.region.nutsCode, profile.kind.rawValue, provider.version, record]
        if isNew {
            try db.cachedStatement(sql: "INSERT INTO providers (country, region, kind, version, record, id) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: columns + [provider.id])
        } else {
            try db.cachedStatement(sql: "UPDATE providers SET country = ?, region = ?, kind = ?, version = ?, record = ? WHERE id = ?")
                .execute(arguments: columns + [provider.id])
            try deleteContacts(db, providerID: provider.id)
        }
        let insert = try db.cachedStatement(sql: "INSERT INTO provider_contacts (provider_id, position, record) VALUES (?, ?, ?)")
        for (position, contact) in profile.contacts.enumerated() {
            try insert.execute(arguments: [provider.id, position, try codec.encode(contact)])
        }
        return record
    }

    @discardableResult
    static func deleteContacts(_ db: Database, providerID: String) throws -> Int {
        try db.cachedStatement(sql: "DELETE FROM provider_contacts WHERE provider_id = ?").execute(arguments: [providerID])
        return db.changesCount
    }

    static func load(_ db: Database, id: String, codec: any CatalogueCoding, withContacts: Bool) throws -> Provider? {
        guard let record = try Data.fetchOne(db.cachedStatement(sql: "SELECT record FROM providers WHERE id = ?"), arguments: [id]) else {
            return nil
        }
        var provider = try RecordCoding.decode("providers", id) { try codec.decodeProvider(record) }
        if withContacts { provider.profile.contacts = try contacts(db, providerID: id, codec: codec) }
        return provider
    }

    static func contacts(_ db: Database, providerID id: String, codec: any CatalogueCoding) throws -> [ContactPerson] {
        try Data.fetchAll(db.cachedStatement(sql: "SELECT record FROM provider_contacts WHERE provider_id = ? ORDER BY position"),
                          arguments: [id])
            .map { record in try RecordCoding.decode("provider_contacts", id) { try codec.decodeContact(record) } }
    }

    static func list(_ db: Database, filter: ProviderFilter, page: PageRequest, codec: any CatalogueCoding,
                     withContacts: (RegionRef) -> Bool) throws -> Page<Provider> {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if !filter.country.isEmpty { clauses.append("country = ?"); arguments += [filter.country] }
        if !filter.region.isEmpty { clauses.append("region LIKE ?"); arguments += [filter.region + "%"] }
        if let kind = filter.kind { clauses.append("kind = ?"); arguments += [kind.rawValue] }
        return try Paging.fetch(db, table: "providers", clauses: clauses, arguments: arguments, page: page) { row in
            let id: String = row["id"]
            let record: Data = row["record"]
            var provider = try RecordCoding.decode("providers", id) { try codec.decodeProvider(record) }
            if withContacts(provider.profile.region) { provider.profile.contacts = try contacts(db, providerID: id, codec: codec) }
            return provider
        }
    }
}
