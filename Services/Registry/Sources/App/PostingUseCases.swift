import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

extension RegistryApp {
    /// Adds a need or an offer to an SME the caller may write.
    public func addPosting(_ side: PostingSide, smeID: String, _ input: PostingFields, by caller: Caller,
                           idempotency: IdempotencyTicket? = nil) async throws -> Created<Posting> {
        let fields = try rules.validate(input, side: side)
        let id = ids.next()
        let now = store.now
        return try await store.groupWrite { db in
            try changes.idempotent(db, idempotency, caller, encode: { try codec.encode($0) }) {
                let sme = try requireSME(db, smeID)
                try AccessPolicy.requireWrite(sme.profile.region.nutsCode, by: caller.principal)
                let posting = Posting(id: id, side: side, smeID: smeID, region: sme.profile.region, fields: fields,
                                      version: 1, createdAt: now, updatedAt: now)
                let record = try PostingTable.insert(db, posting, codec: codec)
                try changes.record(db, caller, EntityType(side), id, .created, payload: record)
                return posting
            }
        }
    }

    /// Replaces a need's or an offer's fields; `keepStatus` keeps the stored status (the
    /// request left it unspecified). ABORTED when `expectedVersion` is stale.
    public func updatePosting(_ side: PostingSide, id: String, expectedVersion: Int64, _ input: PostingFields,
                              keepStatus: Bool, by caller: Caller) async throws -> Posting {
        let fields = try rules.validate(input, side: side)
        let now = store.now
        return try await store.groupWrite { db in
            guard var posting = try PostingTable.load(db, id: id, side: side, codec: codec) else {
                throw ServiceError.notFound(entity: side.rawValue, id: id)
            }
            try AccessPolicy.requireWrite(posting.region.nutsCode, by: caller.principal)
            guard posting.version == expectedVersion else {
                throw ServiceError.staleVersion(entity: side.rawValue, id: id, expected: expectedVersion, actual: posting.version)
            }
            let status = posting.fields.status
            posting.fields = fields
            if keepStatus { posting.fields.status = status }
            posting.version += 1
            posting.updatedAt = now
            let record = try PostingTable.update(db, posting, codec: codec)
            try changes.record(db, caller, EntityType(side), id, .updated, payload: record)
            return posting
        }
    }

    public func listPostings(_ side: PostingSide, _ filter: PostingFilter, page: PageRequest) async throws -> Page<Posting> {
        try await store.read { db in try PostingTable.list(db, side: side, filter: filter, page: page, codec: codec) }
    }
}
