import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

extension RegistryApp {
    /// Registers a broker (admins only, enforced by the port). ALREADY_EXISTS for a subject
    /// that is registered already.
    public func registerBroker(_ input: BrokerProfile, by caller: Caller) async throws -> Broker {
        let profile = try rules.validate(input)
        let broker = Broker(id: ids.next(), profile: profile, createdAt: store.now)
        return try await store.groupWrite { db in
            if let existing = try BrokerTable.id(db, subject: profile.subject) {
                throw ServiceError.alreadyExists("broker \(existing) already has subject \(profile.subject)")
            }
            let record = try BrokerTable.insert(db, broker, codec: codec)
            try changes.record(db, caller, .broker, broker.id, .created, payload: record)
            return broker
        }
    }

    /// One page of the brokers serving `region` (a NUTS code; a broker of PL84 serves PL841),
    /// or of all. Few enough to filter in memory.
    public func listBrokers(region: String, page: PageRequest) async throws -> Page<Broker> {
        let codec = self.codec
        let all = try await store.read { db in try BrokerTable.all(db, codec: codec) }
        return Paging.slice(region.isEmpty ? all : all.filter { $0.serves(region) }, id: \.id, page: page)
    }
}
