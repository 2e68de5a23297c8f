import Dispatch
import NIOConcurrencyHelpers

/// A one-shot signal between a test and code that runs on a thread of its own (a GRDB writer
/// or reader closure): `open()` once, `wait` blocks that thread until then (or `timeout`, a
/// generous bound that only a hung test reaches), `opened()` suspends a task until then.
/// Tests order steps with gates instead of sleeping and hoping.
public final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private struct State {
        var isOpen = false
        var nextID: UInt64 = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
    }
    private let state = NIOLockedValueBox(State())

    public init() {}

    /// Whether `open()` has been called (for loops that run until told to stop).
    public var isOpen: Bool { state.withLockedValue { $0.isOpen } }

    public func open() {
        let waiters = state.withLockedValue { state -> [CheckedContinuation<Bool, Never>] in
            guard !state.isOpen else { return [] }
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters.map(\.continuation)
        }
        semaphore.signal()
        for waiter in waiters { waiter.resume(returning: true) }
    }

    /// Blocks the calling thread until the gate opens; false after `timeout` seconds (times
    /// ``HangBound/scale``, as every bound of the gates and waits here). Five
    /// minutes by default: the other side may wait that long for its event (the whole suite in
    /// parallel on two loaded cores once took over 30 s to queue 40 TLS calls behind a held writer,
    /// and the writer let go early made the test fail for the wrong reason).
    @discardableResult
    public func wait(timeout seconds: Double = 300) -> Bool {
        guard semaphore.wait(timeout: .now() + HangBound.scaled(seconds: seconds)) == .success else { return false }
        semaphore.signal()  // stays open for every later waiter
        return true
    }

    /// Suspends until the gate opens; throws ``GateTimeout`` after `bound` (only a hung test
    /// gets there) or when the task is cancelled, so a failed test never hangs on its gate.
    public func opened(within bound: Duration = .seconds(60)) async throws {
        let id = state.withLockedValue { state -> UInt64 in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let timer = Task { [self] in
            try? await Task.sleep(for: HangBound.scaled(bound))
            giveUp(id)
        }
        defer { timer.cancel() }
        let opened: Bool = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let resumeNow = state.withLockedValue { state -> Bool in
                    if state.isOpen { return true }
                    state.waiters.append((id, continuation))
                    return false
                }
                if resumeNow { continuation.resume(returning: true) }
            }
        } onCancel: {
            giveUp(id)
        }
        if !opened { throw GateTimeout(what: "the gate to open") }
    }

    private func giveUp(_ id: UInt64) {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Bool, Never>? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index).continuation
        }
        waiter?.resume(returning: false)
    }
}

/// Waits until `condition` holds, checking every few milliseconds, for at most `timeout`: the
/// last resort where no event exists to wait on; the bound (times ``HangBound/scale``) only ends a
/// hung test.
public func waitFor(_ what: String, timeout: Duration = .seconds(30), _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + HangBound.scaled(timeout)
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw GateTimeout(what: what) }
        try await Task.sleep(for: .milliseconds(5))
    }
}

public struct GateTimeout: Error, CustomStringConvertible {
    public let what: String
    public init(what: String) { self.what = what }
    public var description: String { "timed out waiting for \(what)" }
}

/// Holds `parties` threads until all of them have arrived (or `timeout`, a bound that only a
/// hung test reaches): proves that that many closures ran at the same time.
public final class Barrier: Sendable {
    private let parties: Int
    private let arrived = NIOLockedValueBox(0)
    private let allArrived = Gate()

    public init(parties: Int) { self.parties = parties }

    /// Blocks until every party arrived; false after `timeout` seconds.
    @discardableResult
    public func arriveAndWait(timeout seconds: Double = 300) -> Bool {
        if arrived.withLockedValue({ $0 += 1; return $0 }) == parties { allArrived.open() }
        return allArrived.wait(timeout: seconds)
    }
}
