import Foundation
import Metrics
import TIBSStore

/// A service store's figures as metrics. Group-commit batch sizes are recorded as each batch
/// runs (a histogram); the feed head and the database and WAL file sizes are read by
/// ``refresh()``, which the metrics endpoint runs before each scrape (an in-memory sequence
/// and two `stat` calls), so they cost nothing between scrapes.
public struct StoreMetrics: Sendable {
    /// The batch-size histogram's name; its buckets are set on the factory (``MetricsEndpoint/factory(registry:)``).
    static let batchSizeLabel = "tibs_store_group_commit_batch_size"
    /// Powers of two up to ``ServiceStore/defaultMaxBatch``: one bucket per doubling.
    static let batchSizeBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256]

    private let store: ServiceStore
    private let feedHead = Gauge(label: "tibs_feed_head_sequence")
    private let databaseBytes = Gauge(label: "tibs_store_file_bytes")
    private let walBytes = Gauge(label: "tibs_store_wal_bytes")

    /// Starts recording `store`'s batch sizes (made after `MetricsSystem.bootstrap`, or they go nowhere).
    public init(store: ServiceStore) {
        self.store = store
        let batches = Recorder(label: Self.batchSizeLabel)
        store.observeGroupCommitBatches { batches.record($0) }
    }

    /// Reads the feed head and the file sizes into their gauges (a missing WAL counts 0 bytes).
    public func refresh() {
        feedHead.record(store.latestSequence())
        databaseBytes.record(Self.size(of: store.path))
        walBytes.record(Self.size(of: store.path + "-wal"))
    }

    private static func size(of path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }
}
