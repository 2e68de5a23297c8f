/// Ends a wait that never comes (a hung test) after a generous bound; the wait itself is on
/// events (the status board, an alert stream), never on time.
func bounded(_ what: String, seconds: Int64 = 60, _ wait: @escaping @Sendable () async -> Void) async throws {
    let done = try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
            await wait()
            return true
        }
        group.addTask {
            try? await Task.sleep(for: .seconds(seconds))
            return false
        }
        // reason: two tasks were added, so next() returns at least once.
        let first = try await group.next()!
        group.cancelAll()
        return first
    }
    if !done { throw HungWait(what: what) }
}

struct HungWait: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}
