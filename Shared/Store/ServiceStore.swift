import Foundation
import GRDB
import Logging

/// Where the store takes the time from. Inject a test clock to control TTLs and stamps.
public typealias StoreClock = @Sendable () -> Date

/// A service's single SQLite database: WAL, `synchronous=FULL`, foreign keys on, a 5 s
/// busy timeout, the store's own tables (change feed, idempotency keys, audit log) and the
/// service's versioned migrations.
///
/// Write through ``write(_:)`` or ``groupWrite(_:)``: every write path of this process must
/// go through this store, because followers are woken by an observer on its writer
/// connection. Bind every value as a statement argument; never build SQL from values. The
/// database, WAL and SHM files are created 0600 (``PrivateFiles``): they hold personal data.
public final class ServiceStore: Sendable {
    /// Default bound of a group-commit batch.
    public static let defaultMaxBatch = 256
    /// WAL length (pages) at which a commit copies the WAL back into the database file:
    /// 16 MB of WAL instead of SQLite's 4 MB. A checkpoint writes each page once, however
    /// often the WAL holds it, and group commits rewrite the same hot pages (index tails,
    /// the feed's and audit log's last pages) in every batch: the longer window took CreateSme
    /// from 10.9k to 12.9k/s (32 callers), for a p99 of 9.4 ms instead of 7.2 ms (a
    /// checkpoint holds the writer longer). The checkpoint stays on the writer: a passive
    /// one on a connection of its own, beside a writer that never pauses, never catches up,
    /// so the WAL never restarts and keeps growing (measured: no faster).
    static let walAutocheckpointFrames = 4_000
    /// How long a connection waits for a lock held by another connection
    /// (also spelled out as `PRAGMA busy_timeout = 5000` in the connection setup).
    public static let busyTimeout: TimeInterval = 5

    /// The underlying pool. Not for services: every write must pass ``write(_:)`` or
    /// ``groupWrite(_:)`` and the store's options (``open(path:migrations:idempotencyTTL:maxBatch:secureDelete:clock:logger:)``)
    /// cover the pragmas. Only the raw-SQLite ceiling benchmark opts in, with `@_spi(RawPool)`.
    @_spi(RawPool) public let pool: DatabasePool
    public let path: String
    public let clock: StoreClock
    public let logger: Logger
    /// The change feed, stamped with ``clock``.
    public let feed: ChangeFeed
    /// Idempotency keys, with the TTL given to ``open(path:migrations:idempotencyTTL:maxBatch:secureDelete:clock:logger:)``.
    public let idempotency: Idempotency
    /// The audit log, stamped with ``clock``.
    public let audit: Audit
    /// The change feed's identity (``FeedEpoch``), sent on every `WatchChanges` event.
    public let feedEpoch: String
    /// Held shared while open, so an offline restore refuses to run under a live store.
    let lock: StoreLock

    let notifier: ChangeNotifier
    let groupCommitter: GroupCommitter

    private init(pool: DatabasePool, path: String, latest: Int64, feedEpoch: String, lock: StoreLock,
                 idempotencyTTL: TimeInterval, maxBatch: Int, clock: @escaping StoreClock, logger: Logger) {
        self.pool = pool
        self.feedEpoch = feedEpoch
        self.lock = lock
        self.path = path
        self.clock = clock
        self.logger = logger
        self.feed = ChangeFeed(clock: clock)
        self.idempotency = Idempotency(ttl: idempotencyTTL, clock: clock)
        self.audit = Audit(clock: clock)
        self.notifier = ChangeNotifier(latest: latest)
        self.groupCommitter = GroupCommitter(pool: pool, maxBatch: maxBatch, logger: logger)
    }

    /// Opens (creating if needed) the database at `path` and migrates it: the store's
    /// `store.*` migrations first, then `migrations` (name them `<service>.vN`; never edit
    /// one that has shipped). Blocks while migrating; call it at startup.
    ///
    /// `secureDelete` turns on SQLite's `secure_delete` on the writer (the only connection that
    /// changes pages): deleted rows are overwritten with zeros instead of lingering as stale
    /// bytes in free pages. Services holding personal data that erasure must remove turn it on;
    /// without it the connection keeps SQLite's compiled-in default.
    /// - Throws: ``StoreError/misuse(_:)`` if `migrations` erases on schema change (it would
    ///   wipe the store's tables) or uses the `store.` prefix; ``StoreError/unavailable(_:)``
    ///   while a restore holds the lock (``StoreLock``); any migration's error.
    public static func open(
        path: String,
        migrations: DatabaseMigrator = DatabaseMigrator(),
        idempotencyTTL: TimeInterval = Idempotency.defaultTTL,
        maxBatch: Int = ServiceStore.defaultMaxBatch,
        secureDelete: Bool = false,
        clock: @escaping StoreClock = { Date() },
        logger: Logger = Logger(label: "tibs.store")
    ) throws -> ServiceStore {
        guard !migrations.eraseDatabaseOnSchemaChange else {
            throw StoreError.misuse("eraseDatabaseOnSchemaChange would erase the store's own tables")
        }
        if let clash = migrations.migrations.first(where: { $0.hasPrefix(StoreMigrations.prefix) }) {
            throw StoreError.misuse("migration \(clash) uses the reserved prefix \(StoreMigrations.prefix)")
        }
        let lock = try StoreLock.shared(database: path)
        try PrivateFiles.prepare(path)
        let pool = try DatabasePool(path: path, configuration: configuration())
        try PrivateFiles.tighten(path)
        try pool.writeWithoutTransaction { db in
            if secureDelete { try db.execute(sql: "PRAGMA secure_delete = ON") }
            // GRDB switches the writer to synchronous=NORMAL when it enables WAL, after
            // prepareDatabase ran: set FULL again on the one writer connection.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(walAutocheckpointFrames)")
        }
        let storeMigrator = StoreMigrations.migrator
        // grdb_migrations is shared: this lists the service's identifiers too.
        let applied: @Sendable (Database) throws -> Set<String> = storeMigrator.appliedIdentifiers
        let before = try pool.read(applied)
        try storeMigrator.migrate(pool)
        try migrations.migrate(pool)
        let after = try pool.read(applied)
        let store = ServiceStore(
            pool: pool, path: path, latest: try pool.read(ChangeFeed(clock: clock).latestSequence),
            feedEpoch: try pool.read(FeedEpoch.read) ?? "", lock: lock, idempotencyTTL: idempotencyTTL, maxBatch: maxBatch, clock: clock, logger: logger)
        pool.writeWithoutTransaction { db in
            db.add(transactionObserver: FeedCommitObserver(notifier: store.notifier), extent: .databaseLifetime)
        }
        logger.info("store opened", metadata: [
            "path": "\(path)",
            "migrated": "\(after.subtracting(before).sorted())",
            "latest_sequence": "\(store.notifier.latest)",
            "feed_epoch": "\(store.feedEpoch)",
        ])
        return store
    }

    static func configuration(readonly: Bool = false) -> Configuration {
        var config = Configuration()
        config.readonly = readonly
        config.journalMode = .wal
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            // WAL with FULL syncs the WAL at every commit: an acknowledged write survives
            // power loss (NORMAL could lose the last commits).
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // GRDB gives pool readers 10 s; one timeout (busyTimeout) for every connection.
            try db.execute(sql: "PRAGMA busy_timeout = 5000")
            // Savepoint journals (import rows, group-commit reruns) and temporary b-trees in
            // memory: with files, every page a savepoint touched was first copied to a temp
            // file with a write(2) of its own, under CreateSme load more syscalls than the WAL
            // itself. Neither is needed after a crash: the WAL alone makes commits durable.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        return config
    }

    /// Reads from a snapshot of committed data, concurrently with writes.
    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }

    /// Runs `body` in its own IMMEDIATE transaction; rolls everything back if it throws.
    /// Prefer ``groupWrite(_:)`` for request handlers under load.
    @discardableResult
    public func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        try await pool.writeWithoutTransaction { db in
            var result: Result<T, any Error> = .failure(StoreError.misuse("transaction did not run"))
            try db.inTransaction(.immediate) {
                result = .success(try body(db))
                return .commit
            }
            return try result.get()
        }
    }

    /// Runs `body` in a transaction shared with other concurrent callers (at most
    /// `maxBatch` of them) and returns after that transaction COMMITted, i.e. once the
    /// result is durable.
    ///
    /// If `body` throws, only its own changes are rolled back and the error is rethrown to
    /// this caller alone. If the COMMIT fails, every caller of the batch gets that error.
    /// `body` must not open or end transactions itself and must change data only with
    /// INSERT, UPDATE and DELETE (no DDL); it should be quick and do no I/O besides `db`,
    /// since the batch holds the writer — do encoding and checks that need no stored data
    /// before calling. `body` may run twice (when another closure of its batch throws after
    /// changing rows, see `GroupCommitter`): it must have no effects outside `db`.
    /// Cancelling the caller does not withdraw a queued write.
    @discardableResult
    public func groupWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await groupCommitter.submit(body)
    }

    /// Copies the whole WAL into the database file and truncates the WAL to zero bytes, so
    /// pages that held erased data do not linger in the `-wal` file. Waits for readers to
    /// finish with old frames; a reader that keeps one alive makes the checkpoint incomplete
    /// (an error), and the next checkpoint finishes it.
    public func truncateWAL() async throws {
        try await pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    /// ``truncateWAL()`` after an erasure, best effort: an incomplete checkpoint is logged, and
    /// the next checkpoint removes what a long reader kept alive.
    public func truncateWALAfterErasure() async {
        do {
            try await truncateWAL()
        } catch {
            logger.warning("WAL checkpoint after erasure was incomplete; the next checkpoint finishes it", metadata: ["error": "\(error)"])
        }
    }

    /// The store's clock to the millisecond, the precision every stored time keeps: stamp
    /// entities with this, so what a caller is answered equals what a later read returns.
    public var now: Date { Date(storeMillis: clock().storeMillis) }

    /// Batching counters, for metrics.
    public var groupCommitStats: GroupCommitStats { groupCommitter.stats }

    /// Calls `observer` with the number of writes of each group-commit batch, on the writer
    /// queue after the batch's fate is known (keep it cheap: a metric's record). One observer;
    /// a later call replaces it. The store knows no metrics library: the service kit records.
    public func observeGroupCommitBatches(_ observer: @escaping @Sendable (Int) -> Void) {
        groupCommitter.observeBatches(observer)
    }

    /// Group writes waiting for the writer (not yet in a running batch), for metrics and for
    /// tests that must know every write has queued.
    public var queuedGroupWrites: Int { groupCommitter.queued }

    /// The highest committed feed sequence (0 if empty), without touching the database.
    public func latestSequence() -> Int64 {
        notifier.latest
    }

    /// Suspends until a feed record with a sequence greater than `sequence` has committed,
    /// then returns the latest committed sequence. Returns at once if there is one already.
    /// - Throws: `CancellationError` when the task is cancelled (the waiter is removed),
    ///   ``StoreError/unavailable(_:)`` once the store is closed.
    public func waitForChanges(after sequence: Int64) async throws -> Int64 {
        try await notifier.wait(after: sequence)
    }

    /// Feed records after `sequence`; see ``ChangeFeed/read(_:after:limit:entityTypes:)``.
    public func readChanges(after sequence: Int64, limit: Int, entityTypes: Set<String> = []) async throws -> [ChangeRecord] {
        let feed = self.feed
        return try await read { db in try feed.read(db, after: sequence, limit: limit, entityTypes: entityTypes) }
    }

    /// Identifiers of all applied migrations (store's and service's), in the order applied
    /// by their migrators, for health and admin output.
    public func appliedMigrations() async throws -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        }
    }

    /// Wakes followers with ``StoreError/unavailable(_:)`` and closes every connection.
    /// Later calls fail; call it last, after the RPC server has stopped.
    public func close() throws {
        notifier.close()
        try pool.close()
        lock.release()
        logger.info("store closed", metadata: ["path": "\(path)"])
    }
}

extension Date {
    /// Stored times are integer milliseconds since 1970: exact to compare, cheap to index.
    var storeMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(storeMillis: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(storeMillis) / 1000)
    }
}
