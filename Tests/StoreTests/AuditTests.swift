import Foundation
import Testing
@testable import TIBSStore
import TIBSTestSupport

@Suite("Audit log")
struct AuditTests {
    @Test("an audit record commits with its mutation, stamped by the store's clock")
    func recordedWithMutation() async throws {
        try await withTempDirectory { dir in
            let clock = ManualClock()
            let store = try openSampleStore(in: dir, clock: clock)
            defer { try? store.close() }
            clock.advance(by: 42.5)
            try await store.write { db in
                try insertItem(db, store, id: "sme-1")
                try store.audit.record(
                    db, actor: "broker-lv-1", role: "broker", method: "/tibs.registry.v1.SmeRegistry/CreateSme",
                    entityType: "item", entityID: "sme-1", requestID: "req-1", outcome: "OK")
            }
            let entries = try await store.read { db in try store.audit.list(db, entityID: "sme-1") }
            #expect(entries.count == 1)
            let entry = try #require(entries.first)
            #expect(entry.at == clock.now())
            #expect(entry.actor == "broker-lv-1")
            #expect(entry.role == "broker")
            #expect(entry.method == "/tibs.registry.v1.SmeRegistry/CreateSme")
            #expect(entry.entityType == "item")
            #expect(entry.requestID == "req-1")
            #expect(entry.outcome == "OK")
        }
    }

    @Test("an audit record rolls back with its mutation")
    func rolledBackWithMutation() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            _ = try? await store.write { db in
                try insertItem(db, store, id: "sme-1")
                try store.audit.record(
                    db, actor: "broker-lv-1", role: "broker", method: "CreateSme",
                    entityType: "item", entityID: "sme-1", requestID: "req-1", outcome: "OK")
                throw TestError.rejected(1)
            }
            #expect(try await store.read { db in try store.audit.list(db, entityID: "sme-1") }.isEmpty)
            #expect(try await store.read { db in try itemExists(db, "sme-1") } == false)
        }
    }
}
