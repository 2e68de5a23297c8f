import Foundation
import GRDB
import TIBSDomain
import TIBSIdentity
import TIBSServiceApp
import TIBSStore

extension CatalogueApp {
    /// Registers a provider. INVALID_ARGUMENT for broken rules, PERMISSION_DENIED outside the
    /// caller's regions.
    public func createProvider(_ input: ProviderProfile, kindGiven: Bool, by caller: Caller,
                               idempotency: IdempotencyTicket? = nil) async throws -> Created<ProviderView> {
        try CatalogueAccess.requireWrite(NUTS.normalize(input.region.nutsCode), by: caller.principal)
        let now = store.now
        var profile = try rules.validate(input, kindGiven: kindGiven)
        profile.contacts = profile.contacts.compactMap { stamped($0, now: now) }
        let provider = Provider(id: ids.next(), profile: profile, version: 1, createdAt: now, updatedAt: now)
        let view = ProviderView(provider, for: caller.principal)
        let response = try idempotency.map { _ in try codec.encode(view) }
        return try await store.groupWrite { db in
            try changes.idempotent(db, idempotency, caller, encode: { _ in response ?? Data() }) {
                let record = try ProviderTable.save(db, provider, codec: codec, isNew: true)
                try changes.record(db, caller, .provider, provider.id, .created, payload: record)
                return view
            }
        }
    }

    public func getProvider(id: String, for principal: Principal) async throws -> ProviderView {
        try await store.read { db in
            let provider = try requireProvider(db, id, withContacts: CatalogueAccess.maySeeContacts(of: try regionOf(db, id), principal))
            return ProviderView(provider, for: principal)
        }
    }

    /// Replaces every field of a provider. ABORTED when `expectedVersion` is stale; the caller
    /// must be allowed to write both the old and the new region. Its resources follow it to
    /// the new region.
    public func updateProvider(id: String, expectedVersion: Int64, _ input: ProviderProfile, kindGiven: Bool,
                               by caller: Caller) async throws -> ProviderView {
        try CatalogueAccess.requireWrite(NUTS.normalize(input.region.nutsCode), by: caller.principal)
        let now = store.now
        var validated = try rules.validate(input, kindGiven: kindGiven)
        validated.contacts = validated.contacts.compactMap { stamped($0, now: now) }
        let profile = validated
        return try await store.groupWrite { db in
            var provider = try requireProvider(db, id, withContacts: true)
            try CatalogueAccess.requireWrite(provider.profile.region.nutsCode, by: caller.principal)
            guard provider.version == expectedVersion else {
                throw ServiceError.staleVersion(entity: "provider", id: id, expected: expectedVersion, actual: provider.version)
            }
            let moved = provider.profile.region != profile.region
            provider.profile = profile
            provider.version += 1
            provider.updatedAt = now
            let record = try ProviderTable.save(db, provider, codec: codec, isNew: false)
            try changes.record(db, caller, .provider, id, .updated, payload: record)
            if moved {
                for var resource in try ResourceTable.all(db, providerID: id, codec: codec) {
                    resource.region = profile.region
                    resource.version += 1
                    resource.updatedAt = now
                    let record = try ResourceTable.save(db, resource, nace: rules.codes.nace, codec: codec, isNew: false)
                    try changes.record(db, caller, .resource, resource.id, .updated, payload: record)
                }
            }
            return ProviderView(provider, for: caller.principal)
        }
    }

    public func listProviders(_ filter: ProviderFilter, page: PageRequest, for principal: Principal) async throws -> Page<ProviderView> {
        try await store.read { db in
            try ProviderTable.list(db, filter: filter, page: page, codec: codec) {
                CatalogueAccess.maySeeContacts(of: $0.nutsCode, principal)
            }.map { ProviderView($0, for: principal) }
        }
    }

    /// Everything the catalogue holds on a provider, personal data included.
    public func exportProvider(id: String, for principal: Principal) async throws -> (provider: Provider, resources: [Resource], exportedAt: Date) {
        try await store.read { db in
            let provider = try requireProvider(db, id, withContacts: true)
            try CatalogueAccess.requireExport(provider.profile.region.nutsCode, by: principal)
            return (provider, try ResourceTable.all(db, providerID: id, codec: codec), store.now)
        }
    }

    /// GDPR erasure: removes every contact person of the provider and of its resources — the
    /// rows, and (defensively) the payloads of their earlier feed records — and drops the
    /// stored idempotent responses that repeated them, so that no replay can confirm a guessed
    /// e-mail; then records the act as `erased` feed records. The WAL is truncated after it.
    public func eraseProviderPersonalData(id: String, by caller: Caller) async throws -> (contactsErased: Int, version: Int64) {
        let now = store.now
        let result = try await store.groupWrite { db in
            var provider = try requireProvider(db, id)
            try CatalogueAccess.requireWrite(provider.profile.region.nutsCode, by: caller.principal)
            let resources = try ResourceTable.all(db, providerID: id, codec: codec).filter { $0.fields.contact != nil }
            var erased = try ProviderTable.deleteContacts(db, providerID: id)
            erased += try ResourceTable.deleteContacts(db, providerID: id)
            provider.personalDataErased = true
            provider.version += 1
            provider.updatedAt = now
            let record = try ProviderTable.save(db, provider, codec: codec, isNew: false)
            for id in [id] + resources.map(\.id) {
                try store.idempotency.forgetResponses(db, containing: Data(id.utf8))
            }
            try store.feed.redactPayloads(db, entityType: CatalogueEntity.provider.rawValue, entityID: id)
            try changes.record(db, caller, .provider, id, .erased, payload: record)
            for var resource in resources {
                resource.fields.contact = nil
                resource.version += 1
                resource.updatedAt = now
                let record = try ResourceTable.save(db, resource, nace: rules.codes.nace, codec: codec, isNew: false)
                try changes.record(db, caller, .resource, resource.id, .erased, payload: record)
            }
            return (erased, provider.version)
        }
        await store.truncateWALAfterErasure()
        return result
    }

    func regionOf(_ db: Database, _ providerID: String) throws -> String {
        guard let region = try String.fetchOne(db.cachedStatement(sql: "SELECT region FROM providers WHERE id = ?"), arguments: [providerID]) else {
            throw ServiceError.notFound(entity: "provider", id: providerID)
        }
        return region
    }
}
