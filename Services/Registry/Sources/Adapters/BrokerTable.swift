import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

/// Registered brokers; few enough to list whole.
enum BrokerTable {
    /// Returns the stored record, which is also the broker's feed payload.
    @discardableResult
    static func insert(_ db: Database, _ broker: Broker, codec: any RegistryCoding) throws -> Data {
        let record = try codec.encode(broker)
        try db.cachedStatement(sql: "INSERT INTO brokers (id, subject, record) VALUES (?, ?, ?)")
            .execute(arguments: [broker.id, broker.profile.subject, record])
        return record
    }

    static func load(_ db: Database, id: String, codec: any RegistryCoding) throws -> Broker? {
        guard let record = try Data.fetchOne(db.cachedStatement(sql: "SELECT record FROM brokers WHERE id = ?"), arguments: [id]) else {
            return nil
        }
        return try RecordCoding.decode("brokers", id) { try codec.decodeBroker(record) }
    }

    static func id(_ db: Database, subject: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM brokers WHERE subject = ?"), arguments: [subject])
    }

    static func all(_ db: Database, codec: any RegistryCoding) throws -> [Broker] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, record FROM brokers ORDER BY id")).map { row in
            let record: Data = row["record"]
            return try RecordCoding.decode("brokers", row["id"]) { try codec.decodeBroker(record) }
        }
    }
}
