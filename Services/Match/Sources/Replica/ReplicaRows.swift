import Foundation
import GRDB
import TIBSProto

/// Reads and writes the replica's rows inside the caller's transaction; every statement is a
/// cached prepared statement with bound arguments (table names come from ``ReplicaTable`` only).
enum ReplicaRows {
    /// Stores or removes what `change` says, for `upstream`.
    static func write(_ db: Database, upstream: String, _ change: ReplicaChange) throws {
        switch change {
        case .remove(let table, let id):
            try db.cachedStatement(sql: "DELETE FROM \(table.rawValue) WHERE upstream = ? AND id = ?").execute(arguments: [upstream, id])
        case .upsert(let record):
            try upsert(db, upstream: upstream, record)
        }
    }

    private static func upsert(_ db: Database, upstream: String, _ record: ReplicaRecord) throws {
        switch record {
        case .sme(let sme):
            let fields = sme.fields
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO replica_smes (upstream, id, legal_name, registration_id, country, nuts, nace, s3, stage,
                    size_class, website, erased, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    upstream, sme.id, fields.legalName, fields.registrationID, fields.region.country, fields.region.nutsCode,
                    fields.naceCodes.map(\.code).joined(separator: ","), fields.s3Areas.map(\.code).joined(separator: ","),
                    sme.stage.rawValue, sme.sizeClass.rawValue, fields.website, sme.personalDataErased, try sme.serializedBytes() as Data,
                ])
        case .need(let need):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO replica_needs (upstream, id, sme_id, status, record) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [upstream, need.id, need.smeID, need.fields.status.rawValue, try need.serializedBytes() as Data])
        case .offer(let offer):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO replica_offers (upstream, id, sme_id, status, record) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [upstream, offer.id, offer.smeID, offer.fields.status.rawValue, try offer.serializedBytes() as Data])
        case .broker(let broker):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO replica_brokers (upstream, id, subject, regions, record) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [upstream, broker.id, broker.subject, broker.regions.map(\.nutsCode).joined(separator: ","),
                                     try broker.serializedBytes() as Data])
        case .provider(let provider):
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO replica_providers (upstream, id, name, country, nuts, record) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [upstream, provider.id, provider.fields.name, provider.fields.region.country, provider.fields.region.nutsCode,
                                     try provider.serializedBytes() as Data])
        case .resource(let resource):
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO replica_resources (upstream, id, provider_id, kind, status, record) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [upstream, resource.id, resource.providerID, resource.fields.kind.rawValue, resource.status.rawValue,
                                         try resource.serializedBytes() as Data])
        case .strategy(let strategy, let setOrder):
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO replica_strategies (upstream, id, region, valid_from, valid_to, set_order, record)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [upstream, strategy.id, strategy.fields.region, strategy.fields.validFrom, strategy.fields.validTo,
                                         setOrder, try strategy.serializedBytes() as Data])
        }
    }

    /// Every stored record with its upstream, owners before what they own (SMEs and providers
    /// first), each table in (upstream, id) order: what ``MatchReplica/load()`` rebuilds from.
    static func all(_ db: Database) throws -> [(upstream: String, record: ReplicaRecord)] {
        var records: [(upstream: String, record: ReplicaRecord)] = []
        for table in [ReplicaTable.smes, .providers, .needs, .offers, .brokers, .resources, .strategies] {
            let columns = table == .strategies ? "upstream, record, set_order" : "upstream, record, 0 AS set_order"
            let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM \(table.rawValue) ORDER BY upstream, id")
            let rows = try Row.fetchCursor(statement)
            while let row = try rows.next() {
                let bytes: Data = row["record"]
                records.append((row["upstream"], try decode(bytes, table: table, setOrder: row["set_order"])))
            }
        }
        return records
    }

    /// Deletes every row of `upstream` (a resync after it was restored, ``FeedFollower/Reset``).
    static func removeUpstream(_ db: Database, upstream: String) throws {
        for table in ReplicaTable.allCases {
            try db.execute(sql: "DELETE FROM \(table.rawValue) WHERE upstream = ?", arguments: [upstream])
        }
    }

    /// Rows per table and upstream, for checks that the replica holds what the upstreams hold.
    static func counts(_ db: Database) throws -> [String: [String: Int]] {
        var counts: [String: [String: Int]] = [:]
        for table in ReplicaTable.allCases {
            let statement = try db.cachedStatement(sql: "SELECT upstream, COUNT(*) AS n FROM \(table.rawValue) GROUP BY upstream")
            for row in try Row.fetchAll(statement) { counts[table.rawValue, default: [:]][row["upstream"]] = row["n"] }
        }
        return counts
    }

    private static func decode(_ bytes: Data, table: ReplicaTable, setOrder: Int64) throws -> ReplicaRecord {
        switch table {
        case .smes: .sme(try Tibs_Registry_V1_Sme(serializedBytes: bytes))
        case .needs: .need(try Tibs_Registry_V1_Need(serializedBytes: bytes))
        case .offers: .offer(try Tibs_Registry_V1_Offer(serializedBytes: bytes))
        case .brokers: .broker(try Tibs_Registry_V1_Broker(serializedBytes: bytes))
        case .providers: .provider(try Tibs_Catalogue_V1_Provider(serializedBytes: bytes))
        case .resources: .resource(try Tibs_Catalogue_V1_Resource(serializedBytes: bytes))
        case .strategies: .strategy(try Tibs_Policy_V1_RegionalStrategy(serializedBytes: bytes), setOrder: setOrder)
        }
    }
}
