import Logging
import ServiceLifecycle
import TIBSServiceKit

/// Retires programmes whose call window has closed: at start, then every `interval`, until
/// graceful shutdown. Each sweep is one transaction; a failed sweep is logged and tried again
/// next time. The day is the store clock's, so tests drive it through the injected clock.
public struct FreshnessSweeper: Service {
    /// Hourly: a deadline is a day, so a programme retires within the hour after its last day ends.
    public static let defaultInterval: Duration = .seconds(3_600)

    let app: CatalogueApp
    let interval: Duration
    let logger: Logger

    public init(app: CatalogueApp, interval: Duration = FreshnessSweeper.defaultInterval, logger: Logger) {
        self.app = app
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try await PeriodicWork(every: interval) { await sweepOnce() }.run()
    }

    /// One sweep; returns how many programmes retired.
    @discardableResult
    public func sweepOnce() async -> Int {
        do {
            let retired = try await app.retireClosedProgrammes()
            if !retired.isEmpty {
                logger.info("retired programmes whose window closed", metadata: ["count": "\(retired.count)", "today": "\(app.today)"])
            }
            return retired.count
        } catch {
            logger.warning("freshness sweep failed", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
