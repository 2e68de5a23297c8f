import Foundation

/// Where a ``FeedFollower`` takes time and chance from: the wall clock for status times, a
/// sleep for backoff waits and a random source for jitter. Injected so tests see every backoff
/// delay without waiting it out.
public struct FollowerClock: Sendable {
    public var now: @Sendable () -> Date
    /// Waits `duration`; throws `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A uniform draw in 0..<1.
    public var random: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void,
                random: @escaping @Sendable () -> Double) {
        self.now = now
        self.sleep = sleep
        self.random = random
    }

    /// Real time, real sleeps, the system random source.
    public static let system = FollowerClock(now: { Date() }, sleep: { try await Task.sleep(for: $0) },
                                             random: { Double.random(in: 0..<1) })
}
