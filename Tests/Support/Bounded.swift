/// Ends a wait that never comes (a hung test) after a generous bound. The wait itself is on an
/// event (a status board, a stream, a count of sleeps) and must return when cancelled, or the
/// group below would wait for it anyway.
public func bounded(_ what: String, seconds: Int64 = 60, _ wait: @escaping @Sendable () async -> Void) async throws {
    let done = try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
            await wait()
            return true
        }
        group.addTask {
            try? await Task.sleep(for: HangBound.scaled(.seconds(seconds)))
            return false
        }
        // reason: two tasks were added, so next() returns at least once.
        let first = try await group.next()!
        group.cancelAll()
        return first
    }
    if !done { throw GateTimeout(what: what) }
}
