import Foundation
import GRDB
import Testing
@testable import TIBSStore

@Suite("Store errors")
struct StoreErrorTests {
    @Test("a duplicate key from SQLite maps to ALREADY_EXISTS")
    func uniqueViolationIsAlreadyExists() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            try await store.write { db in try insertItem(db, store, id: "sme-1") }
            do {
                try await store.write { db in try insertItem(db, store, id: "sme-1") }
                Issue.record("duplicate insert succeeded")
            } catch let error as DatabaseError {
                let mapped = try #require(StoreError(error))
                guard case .alreadyExists = mapped else {
                    Issue.record("mapped to \(mapped)")
                    return
                }
                #expect(mapped.rpcStatusCode == 6)
            }
        }
    }

    @Test("each store error names the RPC status a service answers with")
    func statusCodes() {
        #expect(StoreError.idempotencyKeyReused(key: "k").rpcStatusCode == 9)      // FAILED_PRECONDITION
        #expect(StoreError.notFound(entityType: "sme", entityID: "1").rpcStatusCode == 5)
        #expect(StoreError.conflict("stale version").rpcStatusCode == 10)          // ABORTED
        #expect(StoreError.unavailable("closed").rpcStatusCode == 14)
        #expect(StoreError.dataLoss("x").rpcStatusCode == 15)
        #expect(StoreError.misuse("x").rpcStatusCode == 13)
    }
}
