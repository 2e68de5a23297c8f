import GRDB
import TIBSDomain

/// Registered brokers; few enough to list whole.
enum BrokerTable {
    static func insert(_ db: Database, _ broker: Broker) throws {
        try db.cachedStatement(sql: "INSERT INTO brokers (id, subject, record) VALUES (?, ?, ?)")
            .execute(arguments: [broker.id, broker.profile.subject, try RecordCoding.encode(broker)])
    }

    static func load(_ db: Database, id: String) throws -> Broker? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT record FROM brokers WHERE id = ?"), arguments: [id])
            .map { try RecordCoding.decode(Broker.self, $0, table: "brokers", id: id) }
    }

    static func id(_ db: Database, subject: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM brokers WHERE subject = ?"), arguments: [subject])
    }

    static func all(_ db: Database) throws -> [Broker] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, record FROM brokers ORDER BY id"))
            .map { try RecordCoding.decode(Broker.self, $0["record"], table: "brokers", id: $0["id"]) }
    }
}
