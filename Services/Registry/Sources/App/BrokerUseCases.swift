import Foundation
import GRDB
import TIBSDomain

extension RegistryApp {
    /// Registers a broker (admins only, enforced by the port). ALREADY_EXISTS for a subject
    /// that is registered already.
    public func registerBroker(_ input: BrokerProfile, by caller: Caller) async throws -> Broker {
        let profile = try rules.validate(input)
        let broker = Broker(id: ids.next(), profile: profile, createdAt: now)
        return try await store.groupWrite { db in
            if let existing = try BrokerTable.id(db, subject: profile.subject) {
                throw RegistryError.alreadyExists("broker \(existing) already has subject \(profile.subject)")
            }
            let record = try BrokerTable.insert(db, broker, codec: codec)
            try recordChange(db, caller, .broker, broker.id, .created, payload: record)
            return broker
        }
    }

    /// Brokers serving `region` (a NUTS code; a broker of PL84 serves PL841), or all.
    public func listBrokers(region: String) async throws -> [Broker] {
        let codec = self.codec
        let all = try await store.read { db in try BrokerTable.all(db, codec: codec) }
        return region.isEmpty ? all : all.filter { $0.serves(region) }
    }
}
