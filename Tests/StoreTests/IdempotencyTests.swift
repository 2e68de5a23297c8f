import Foundation
import GRDB
import Testing
@testable import TIBSStore
import TIBSTestSupport

@Suite("Idempotency keys")
struct IdempotencyTests {
    let digestA = Data([0xA1, 0xA2])
    let digestB = Data([0xB1, 0xB2])

    /// What a create handler does: answer from the key if known, else create and remember.
    func create(_ store: ServiceStore, key: String, method: String = "CreateSme", digest: Data, id: String) async throws -> Data {
        try await store.write { db in
            if let stored = try store.idempotency.lookup(db, key: key, method: method, requestDigest: digest) {
                return stored
            }
            try insertItem(db, store, id: id)
            let response = Data(id.utf8)
            try store.idempotency.record(db, key: key, method: method, requestDigest: digest, response: response)
            return response
        }
    }

    @Test("the same key and digest return the first response and create nothing more")
    func replayReturnsFirstResponse() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            #expect(try await create(store, key: "k1", digest: digestA, id: "first") == Data("first".utf8))
            #expect(try await create(store, key: "k1", digest: digestA, id: "second") == Data("first".utf8))
            #expect(try await store.read { db in try count(db, "item") } == 1)
        }
    }

    @Test("the same key with a different digest is refused as reused (FAILED_PRECONDITION)")
    func differentDigestRefused() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            _ = try await create(store, key: "k1", digest: digestA, id: "first")
            await #expect(throws: StoreError.idempotencyKeyReused(key: "k1")) {
                try await create(store, key: "k1", digest: digestB, id: "second")
            }
            #expect(StoreError.idempotencyKeyReused(key: "k1").rpcStatusCode == 9)
            #expect(try await store.read { db in try count(db, "item") } == 1)
        }
    }

    @Test("the same key on another method is refused as reused")
    func otherMethodRefused() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            _ = try await create(store, key: "k1", digest: digestA, id: "first")
            await #expect(throws: StoreError.idempotencyKeyReused(key: "k1")) {
                try await create(store, key: "k1", method: "CreateOffer", digest: digestA, id: "second")
            }
        }
    }

    @Test("after the TTL a known key is treated as new")
    func expiredKeyIsNew() async throws {
        try await withTempDirectory { dir in
            let clock = ManualClock()
            let store = try openSampleStore(in: dir, clock: clock)
            defer { try? store.close() }
            _ = try await create(store, key: "k1", digest: digestA, id: "first")
            clock.advance(by: Idempotency.defaultTTL - 1)
            #expect(try await create(store, key: "k1", digest: digestA, id: "second") == Data("first".utf8))
            clock.advance(by: 2)
            // Past 24 h even another body may use the key; the new entry replaces the old.
            #expect(try await create(store, key: "k1", digest: digestB, id: "third") == Data("third".utf8))
            #expect(try await create(store, key: "k1", digest: digestB, id: "fourth") == Data("third".utf8))
        }
    }

    @Test("a configured TTL replaces the 24 h default")
    func configuredTTL() async throws {
        try await withTempDirectory { dir in
            let clock = ManualClock()
            let store = try openSampleStore(in: dir, clock: clock, idempotencyTTL: 60)
            defer { try? store.close() }
            _ = try await create(store, key: "k1", digest: digestA, id: "first")
            clock.advance(by: 61)
            #expect(try await create(store, key: "k1", digest: digestA, id: "second") == Data("second".utf8))
        }
    }

    @Test("a key recorded in a rolled-back write is forgotten")
    func rolledBackKeyForgotten() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            let digest = digestA
            _ = try? await store.write { db in
                try store.idempotency.record(db, key: "k1", method: "CreateSme", requestDigest: digest, response: Data())
                throw TestError.rejected(0)
            }
            #expect(try await store.read { db in
                try store.idempotency.lookup(db, key: "k1", method: "CreateSme", requestDigest: digest)
            } == nil)
        }
    }

    @Test("purging deletes only the expired keys")
    func purgeExpired() async throws {
        try await withTempDirectory { dir in
            let clock = ManualClock()
            let store = try openSampleStore(in: dir, clock: clock)
            defer { try? store.close() }
            _ = try await create(store, key: "old", digest: digestA, id: "a")
            clock.advance(by: 23 * 3600)
            _ = try await create(store, key: "young", digest: digestA, id: "b")
            clock.advance(by: 2 * 3600)
            #expect(try await store.write { db in try store.idempotency.purgeExpired(db) } == 1)
            let keys = try await store.read { db in try String.fetchAll(db, sql: "SELECT key FROM idempotency_keys") }
            #expect(keys == ["young"])
        }
    }
}
