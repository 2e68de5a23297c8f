/// How long a ``FeedFollower`` waits before reconnecting after its n-th failure in a row:
/// exponential from `initial`, capped at `maximum`, with full jitter (a uniform draw between
/// zero and the capped delay), so that followers of a restarted upstream do not all come back
/// in step. Pure: the random draw is the caller's, so tests assert exact delays.
public struct FollowerBackoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The ceiling of the wait before retry `attempt` (0 = the first retry): `initial · 2^attempt`,
    /// at most `maximum`.
    public func ceiling(attempt: Int) -> Duration {
        let initialNanos = Self.nanoseconds(initial)
        let maximumNanos = Self.nanoseconds(maximum)
        // 2^attempt overflows past 62 doublings; the cap is reached long before.
        let doublings = min(max(0, attempt), 62)
        let (scaled, overflow) = initialNanos.multipliedReportingOverflow(by: Int64(1) << doublings)
        return .nanoseconds(overflow ? maximumNanos : min(scaled, maximumNanos))
    }

    /// The wait before retry `attempt`: `random` (in 0..<1) times ``ceiling(attempt:)``.
    public func delay(attempt: Int, random: Double) -> Duration {
        let fraction = min(max(random, 0), 1)
        return .nanoseconds(Int64((Double(Self.nanoseconds(ceiling(attempt: attempt))) * fraction).rounded(.down)))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
