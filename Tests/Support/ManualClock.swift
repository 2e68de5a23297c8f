import Foundation
import NIOConcurrencyHelpers

/// A clock the test moves by hand, for code that takes its time from an injected clock
/// (token expiry, idempotency TTLs, feed and audit stamps).
public final class ManualClock: Sendable {
    private let current: NIOLockedValueBox<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        current = NIOLockedValueBox(start)
    }

    public func now() -> Date { current.withLockedValue { $0 } }

    public func advance(by interval: TimeInterval) {
        current.withLockedValue { $0 = $0.addingTimeInterval(interval) }
    }
}
