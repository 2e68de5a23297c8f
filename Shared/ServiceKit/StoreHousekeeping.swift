import Logging
import ServiceLifecycle
import TIBSStore

/// Deletes expired idempotency keys now and then, so the table holds about one TTL's worth of
/// keys rather than every key ever used. Lookups already ignore expired keys; this only keeps
/// the file from growing. Runs beside the server in each service's `ServiceGroup`.
public struct StoreHousekeeping: Service {
    /// Hourly by default: a key lives 24 hours, so at most 1/24 of the table is dead weight.
    public static let defaultInterval: Duration = .seconds(3_600)

    let store: ServiceStore
    let interval: Duration
    let logger: Logger

    public init(store: ServiceStore, interval: Duration = StoreHousekeeping.defaultInterval, logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    /// Purges at once, then every `interval`, until graceful shutdown or cancellation.
    public func run() async throws {
        try await PeriodicWork(every: interval) { await purgeOnce() }.run()
    }

    /// One purge in its own write transaction; returns how many keys went. A failure is logged
    /// and tried again next time: housekeeping never stops the service.
    @discardableResult
    public func purgeOnce() async -> Int {
        let store = self.store
        do {
            let purged = try await store.write { db in try store.idempotency.purgeExpired(db) }
            if purged > 0 { logger.info("purged expired idempotency keys", metadata: ["count": "\(purged)"]) }
            return purged
        } catch {
            logger.warning("idempotency key purge failed", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
