import Foundation
import Synchronization

/// A clock the test moves by hand, for code that takes its time from an injected clock
/// (token expiry, idempotency TTLs, feed and audit stamps).
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func advance(by interval: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(interval) }
    }
}
