import NIOConcurrencyHelpers

/// Limits how many calls a client has open on its connection, so it never runs into the server's
/// per-connection limit (PROTOCOL.md default 128): calls beyond it wait, in order, for a free slot.
final class CallSlots: Sendable {
    private struct State {
        var available: Int
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextWaiterID: UInt64 = 0
    }
    private let state: NIOLockedValueBox<State>

    init(limit: Int) { state = NIOLockedValueBox(State(available: max(1, limit))) }

    /// Waits for a slot; throws CancellationError if the task is cancelled while waiting.
    func acquire() async throws {
        let waiterID: UInt64? = state.withLockedValue { state in
            if state.available > 0 {
                state.available -= 1
                return nil
            }
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        guard let waiterID else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled: Bool = state.withLockedValue { state in
                    if Task.isCancelled { return true }
                    state.waiters.append((waiterID, continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter: CheckedContinuation<Void, any Error>? = state.withLockedValue { state in
                guard let index = state.waiters.firstIndex(where: { $0.id == waiterID }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Returns a slot, handing it straight to the oldest waiter if there is one.
    func release() {
        let next: CheckedContinuation<Void, any Error>? = state.withLockedValue { state in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}
