import Foundation
import Testing
@testable import TIBSStore

@Suite("Live tail")
struct WaitForChangesTests {
    @Test("waitForChanges returns at once when a newer change has already committed")
    func returnsAtOnce() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            try await store.write { db in try insertItem(db, store, id: "a") }
            #expect(try await store.waitForChanges(after: 0) == 1)
        }
    }

    @Test("waitForChanges wakes every follower when a change commits")
    func wakesOnCommit() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            let followers = (0..<3).map { _ in Task { try await store.waitForChanges(after: 0) } }
            try await waitUntil { store.notifier.waiterCount == 3 }
            try await store.write { db in try insertItem(db, store, id: "a") }
            for follower in followers {
                #expect(try await follower.value == 1)
            }
            #expect(store.notifier.waiterCount == 0)
        }
    }

    @Test("waitForChanges is woken by group writes too")
    func wakesOnGroupWrite() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            let follower = Task { try await store.waitForChanges(after: 0) }
            try await waitUntil { store.notifier.waiterCount == 1 }
            try await store.groupWrite { db in try insertItem(db, store, id: "a") }
            #expect(try await follower.value == 1)
        }
    }

    @Test("a cancelled waitForChanges throws CancellationError and leaves no waiter behind")
    func respectsCancellation() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            let follower = Task { try await store.waitForChanges(after: 0) }
            try await waitUntil { store.notifier.waiterCount == 1 }
            follower.cancel()
            await #expect(throws: CancellationError.self) { try await follower.value }
            #expect(store.notifier.waiterCount == 0)

            let alreadyCancelled = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await store.waitForChanges(after: 0)
            }
            await #expect(throws: CancellationError.self) { try await alreadyCancelled.value }
            #expect(store.notifier.waiterCount == 0)
        }
    }

    @Test("closing the store fails pending followers instead of leaving them hanging")
    func closeFailsWaiters() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            let follower = Task { try await store.waitForChanges(after: 0) }
            try await waitUntil { store.notifier.waiterCount == 1 }
            try store.close()
            await #expect(throws: StoreError.unavailable("store closed")) { try await follower.value }
        }
    }
}

/// Polls `condition` for up to 30 s (a bound only a hung test reaches); used to know a
/// follower is parked before acting, which no event reports.
func waitUntil(_ condition: () -> Bool) async throws {
    for _ in 0..<3_000 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within 30 s")
}
