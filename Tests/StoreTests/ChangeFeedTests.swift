import Foundation
import GRDB
import Testing
@_spi(RawPool) @testable import TIBSStore
import TIBSTestSupport

@Suite("Change feed")
struct ChangeFeedTests {
    @Test("a mutation and its feed record commit together")
    func commitTogether() async throws {
        try await withTempDirectory { dir in
            let clock = ManualClock()
            let store = try openSampleStore(in: dir, clock: clock)
            defer { try? store.close() }
            let sequence = try await store.write { db in try insertItem(db, store, id: "sme-1") }
            #expect(sequence == 1)
            #expect(store.latestSequence() == 1)
            #expect(try await store.read { db in try itemExists(db, "sme-1") })
            let records = try await store.readChanges(after: 0, limit: 10)
            #expect(records == [ChangeRecord(
                sequence: 1, entityType: "item", entityID: "sme-1", kind: .created,
                committedAt: clock.now(), actor: "broker-lv-1", requestID: "req-sme-1",
                payloadType: "tibs.test.Item", payload: Data("sme-1".utf8))])
        }
    }

    @Test("a write that throws rolls back the mutation and its feed record")
    func rollBackTogether() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            await #expect(throws: TestError.rejected(1)) {
                try await store.write { db in
                    try insertItem(db, store, id: "sme-1")
                    throw TestError.rejected(1)
                }
            }
            #expect(try await store.read { db in try itemExists(db, "sme-1") } == false)
            #expect(try await store.readChanges(after: 0, limit: 10).isEmpty)
            #expect(store.latestSequence() == 0)
        }
    }

    @Test("appending outside a transaction is refused")
    func appendOutsideTransactionRefused() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            await #expect(throws: StoreError.self) {
                try await store.pool.writeWithoutTransaction { db in
                    try store.feed.append(
                        db, entityType: "item", entityID: "x", kind: .created, actor: "a",
                        requestID: "r", payloadType: "", payload: Data())
                }
            }
            #expect(try await store.readChanges(after: 0, limit: 10).isEmpty)
        }
    }

    @Test("reading after a sequence honours the limit and the entity-type filter")
    func readAfterWithLimitAndFilter() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            // Sequences 1...20; odd ones are "item", even ones "offer".
            for index in 1...20 {
                try await store.write { db in
                    try insertItem(db, store, id: "e\(index)", entityType: index % 2 == 1 ? "item" : "offer")
                }
            }
            let items = try await store.readChanges(after: 4, limit: 3, entityTypes: ["item"])
            #expect(items.map(\.sequence) == [5, 7, 9])
            #expect(items.allSatisfy { $0.entityType == "item" })

            let both = try await store.readChanges(after: 15, limit: 100, entityTypes: ["item", "offer"])
            #expect(both.map(\.sequence) == [16, 17, 18, 19, 20])
            let all = try await store.readChanges(after: 0, limit: 100)
            #expect(all.map(\.sequence) == Array(1...20))
            #expect(try await store.readChanges(after: 20, limit: 100).isEmpty)
            #expect(try await store.readChanges(after: 0, limit: 5, entityTypes: ["unknown"]).isEmpty)
        }
    }

    @Test("sequences increase strictly across transactions")
    func sequencesStrictlyIncrease() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            var returned: [Int64] = []
            for index in 0..<30 {
                returned.append(try await store.write { db in try insertItem(db, store, id: "sme-\(index)") })
            }
            #expect(zip(returned, returned.dropFirst()).allSatisfy { $0 < $1 })
            #expect(try await store.readChanges(after: 0, limit: 100).map(\.sequence) == returned)
            #expect(store.latestSequence() == returned.last)
        }
    }

    @Test("a rolled-back write leaves the latest sequence unchanged")
    func rollbackDoesNotAdvance() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            try await store.write { db in try insertItem(db, store, id: "a") }
            _ = try? await store.write { db in
                try insertItem(db, store, id: "b")
                throw TestError.rejected(0)
            }
            #expect(store.latestSequence() == 1)
            let next = try await store.write { db in try insertItem(db, store, id: "c") }
            #expect(next == 2)
        }
    }

    @Test("redacting empties the earlier payloads of that entity only")
    func redactPayloads() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            try await store.write { db in
                try insertItem(db, store, id: "a")
                try insertItem(db, store, id: "b")
            }
            let redacted = try await store.write { db in
                let count = try store.feed.redactPayloads(db, entityType: "item", entityID: "a")
                try store.feed.append(
                    db, entityType: "item", entityID: "a", kind: .erased, actor: "broker-lv-1",
                    requestID: "req-erase", payloadType: "", payload: Data())
                return count
            }
            #expect(redacted == 1)
            let records = try await store.readChanges(after: 0, limit: 10)
            #expect(records.map(\.payload) == [Data(), Data("b".utf8), Data()])
            #expect(records.last?.kind == .erased)
        }
    }
}
