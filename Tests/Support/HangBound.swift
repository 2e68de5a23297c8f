import Foundation
import NIOCore

/// The bounds that only end a hung test (a wait for an event, a client's connect and handshake, a
/// call's deadline, a child's start), stretched by one factor where the whole suite runs many times
/// slower than usual: under a sanitizer (`scripts/test --sanitize` sets `TIBS_TEST_TIME_SCALE`), every test
/// waits for real events just as long as it must, and none fails because its bound was sized for
/// an uninstrumented build. One knob instead of bounds raised test by test. Timeouts a test is
/// about (a handshake timeout under test, a deadline it expects to pass) are never scaled.
public enum HangBound {
    /// `TIBS_TEST_TIME_SCALE`, a whole number from 1 (the default) to 100; anything else is 1.
    public static let scale: Int64 = {
        guard let text = ProcessInfo.processInfo.environment["TIBS_TEST_TIME_SCALE"],
              let value = Int64(text), (1...100).contains(value) else { return 1 }
        return value
    }()

    /// `bound` stretched by ``scale``.
    public static func scaled(_ bound: Duration) -> Duration { bound * Int(scale) }

    /// `bound` stretched by ``scale``, for swift-nio's timeouts.
    public static func scaled(_ bound: TimeAmount) -> TimeAmount { TimeAmount(scaled(Duration(bound))) }

    /// `seconds` stretched by ``scale``, for the blocking waits that count in seconds.
    public static func scaled(seconds: Double) -> Double { seconds * Double(scale) }
}
