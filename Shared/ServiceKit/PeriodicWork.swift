import ServiceLifecycle

/// Background work of a service that runs at start and then every `interval` until graceful
/// shutdown (store housekeeping, the catalogue's freshness sweep). Each round is the caller's
/// to make atomic (one transaction) and to log; a round that fails is simply tried next time.
public struct PeriodicWork: Service {
    let interval: Duration
    let round: @Sendable () async -> Void

    public init(every interval: Duration, _ round: @escaping @Sendable () async -> Void) {
        self.interval = interval
        self.round = round
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    await round()
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            // Shutting down between rounds: nothing is half done.
        }
    }
}
