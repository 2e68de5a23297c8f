import Dispatch
import Synchronization

/// A one-shot signal between a test and code that runs on a thread of its own (a GRDB writer
/// or reader closure): `open()` once, `wait` blocks that thread until then (or `timeout`, a
/// generous bound that only a hung test reaches), `opened()` suspends a task until then.
/// Tests order steps with gates instead of sleeping and hoping.
public final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    public init() {}

    public func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.isOpen else { return [] }
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        semaphore.signal()
        for waiter in waiters { waiter.resume() }
    }

    /// Blocks the calling thread until the gate opens; false after `timeout` seconds.
    @discardableResult
    public func wait(timeout seconds: Double = 30) -> Bool {
        guard semaphore.wait(timeout: .now() + seconds) == .success else { return false }
        semaphore.signal()  // stays open for every later waiter
        return true
    }

    /// Suspends until the gate opens.
    public func opened() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}

/// Waits until `condition` holds, checking every few milliseconds, for at most `timeout`: the
/// last resort where no event exists to wait on; the bound only ends a hung test.
public func waitFor(_ what: String, timeout: Duration = .seconds(30), _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw GateTimeout(what: what) }
        try await Task.sleep(for: .milliseconds(5))
    }
}

public struct GateTimeout: Error, CustomStringConvertible {
    public let what: String
    public var description: String { "timed out waiting for \(what)" }
}

/// Holds `parties` threads until all of them have arrived (or `timeout`, a bound that only a
/// hung test reaches): proves that that many closures ran at the same time.
public final class Barrier: Sendable {
    private let parties: Int
    private let arrived = Mutex(0)
    private let allArrived = Gate()

    public init(parties: Int) { self.parties = parties }

    /// Blocks until every party arrived; false after `timeout` seconds.
    @discardableResult
    public func arriveAndWait(timeout seconds: Double = 30) -> Bool {
        if arrived.withLock({ $0 += 1; return $0 }) == parties { allArrived.open() }
        return allArrived.wait(timeout: seconds)
    }
}
