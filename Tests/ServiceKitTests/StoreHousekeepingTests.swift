import Foundation
import GRDB
import Logging
import Synchronization
import Testing
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// Expired idempotency keys are purged by the housekeeping service, live ones stay.
@Suite struct StoreHousekeepingTests {
    private func withStore(ttl: TimeInterval, clock: ManualClock, _ body: (ServiceStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-housekeeping-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try ServiceStore.open(path: directory.appendingPathComponent("h.sqlite").path, idempotencyTTL: ttl,
                                          clock: { clock.now() }, logger: Logger(label: "test"))
        defer { try? store.close() }
        try await body(store)
    }

    private func record(_ store: ServiceStore, _ key: String) async throws {
        try await store.write { db in
            try store.idempotency.record(db, key: key, method: "/m", requestDigest: Data(key.utf8), response: Data())
        }
    }

    private func keys(_ store: ServiceStore) async throws -> [String] {
        try await store.read { db in try String.fetchAll(db, sql: "SELECT key FROM idempotency_keys ORDER BY key") }
    }

    @Test func aPurgeDeletesExpiredKeysAndKeepsLiveOnes() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await withStore(ttl: 60, clock: clock) { store in
            try await record(store, "old")
            clock.advance(by: 30)
            try await record(store, "young")
            clock.advance(by: 31)
            let purged = await StoreHousekeeping(store: store, logger: Logger(label: "test")).purgeOnce()
            #expect(purged == 1)
            #expect(try await keys(store) == ["young"])
        }
    }

    @Test func theServicePurgesOnStartAndStopsWhenCancelled() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await withStore(ttl: 60, clock: clock) { store in
            try await record(store, "old")
            clock.advance(by: 61)
            let housekeeping = StoreHousekeeping(store: store, interval: .milliseconds(20), logger: Logger(label: "test"))
            let running = Task { try await housekeeping.run() }
            // No event marks the first purge from outside: bounded polling (30 s) on its effect.
            try? await waitFor("the purge on start") { try await keys(store).isEmpty }
            #expect(try await keys(store).isEmpty)
            running.cancel()
            try await running.value  // returns, does not throw, when cancelled
        }
    }
}
