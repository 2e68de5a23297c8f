import GRDB
import Logging
import NIOConcurrencyHelpers

/// Counters for metrics: how well writes are being batched.
public struct GroupCommitStats: Sendable, Equatable {
    /// Transactions committed or rolled back by the group writer.
    public var batches: Int = 0
    /// Closures run in those transactions.
    public var writes: Int = 0
    /// Largest batch so far (never above the configured bound).
    public var largestBatch: Int = 0
    /// Batches run a second time, each closure in its own savepoint, because a closure
    /// threw after it had changed rows (see ``GroupCommitter``).
    public var isolatedReruns: Int = 0
    /// Writer time spent running the closures (BEGIN, savepoints and bodies).
    public var runTime: Duration = .zero
    /// Writer time spent in COMMIT: the WAL writes, the fsync, checkpoints.
    public var commitTime: Duration = .zero
}

/// Batches concurrent writes into one SQLite transaction, so that one fsync
/// (`synchronous=FULL`) acknowledges many callers.
///
/// Callers queue a job; one drain at a time (started by the first job that finds it idle,
/// ending when the queue is empty) runs on the writer connection's own serial queue: it
/// takes up to `maxBatch` jobs, runs them in one IMMEDIATE transaction, commits, resumes
/// the callers, and schedules the next batch on that queue if jobs queued meanwhile. Jobs
/// that queue during a commit form the next batch.
///
/// Each caller's changes are all-or-nothing without a SAVEPOINT per job in the common case.
/// A closure that throws before changing any row (a failed check: ALREADY_EXISTS, a stale
/// version, a missing parent) leaves nothing to undo, so it simply fails alone. Only when a
/// closure throws after it changed rows (`sqlite3_total_changes` moved) is the transaction
/// rolled back and the whole batch run again with a savepoint per closure, which undoes
/// exactly the failing closure's changes — the same outcome, paid for only on that rare
/// path. A savepoint per job cost about half of the writer's time per CreateSme: two statements
/// each, and FTS5 writes its pending index data to disk at every SAVEPOINT, one segment per
/// job instead of per batch.
///
/// The drain never leaves the writer queue between batches: awaiting the writer from a
/// task instead costs two thread hops per batch (onto the writer queue and back onto the
/// cooperative pool, where the drain waits behind the RPC work of the same two cores), and
/// the writer sat idle for them. Scheduling each batch as its own block on that queue,
/// rather than looping inside one, lets other writes (``ServiceStore/write(_:)``,
/// checkpoints) take their turn between batches.
final class GroupCommitter: Sendable {
    /// Completes a caller once the batch's fate is known: nil means committed.
    typealias Completion = @Sendable ((any Error)?) -> Void

    private struct Job: Sendable {
        /// Runs the caller's closure, in a savepoint when `isolated`; whether it threw, and
        /// what to tell the caller after COMMIT.
        let run: @Sendable (_ db: Database, _ isolated: Bool) -> (threw: Bool, complete: Completion)
        /// Fails the caller without running its closure.
        let fail: @Sendable (any Error) -> Void
    }

    private struct BatchOutcome: Sendable {
        var ran: [Completion] = []
        var notRun: [Job] = []
        var error: (any Error)?
    }

    private struct State {
        var queue: [Job] = []
        var draining = false
        var stats = GroupCommitStats()
        /// Told each batch's size after it ran (the service kit records a histogram).
        var batchObserver: (@Sendable (Int) -> Void)?
    }

    private let pool: DatabasePool
    private let maxBatch: Int
    private let logger: Logger
    private let state = NIOLockedValueBox(State())

    init(pool: DatabasePool, maxBatch: Int, logger: Logger) {
        self.pool = pool
        self.maxBatch = max(1, maxBatch)
        self.logger = logger
    }

    var stats: GroupCommitStats { state.withLockedValue { $0.stats } }

    /// Replaces the observer told each batch's size.
    func observeBatches(_ observer: @escaping @Sendable (Int) -> Void) {
        state.withLockedValue { $0.batchObserver = observer }
    }

    /// Jobs submitted and not yet taken into a batch.
    var queued: Int { state.withLockedValue { $0.queue.count } }

    func submit<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { db, isolated in
                    let result = isolated ? Self.runInSavepoint(db, body) : Result { try body(db) }
                    let threw = if case .failure = result { true } else { false }
                    return (threw, { commitError in
                        if case .success = result, let commitError {
                            continuation.resume(throwing: commitError)
                        } else {
                            continuation.resume(with: result)
                        }
                    })
                },
                fail: { error in continuation.resume(throwing: error) })
            enqueue(job)
        }
    }

    private static func runInSavepoint<T>(_ db: Database, _ body: (Database) throws -> T) -> Result<T, any Error> {
        var result: Result<T, any Error> = .failure(StoreError.misuse("savepoint did not run"))
        do {
            // A throwing body makes inSavepoint roll back to the savepoint and rethrow.
            try db.inSavepoint {
                result = .success(try body(db))
                return .commit
            }
        } catch {
            result = .failure(error)
        }
        return result
    }

    private func enqueue(_ job: Job) {
        let startDrain = state.withLockedValue { state in
            state.queue.append(job)
            if state.draining { return false }
            state.draining = true
            return true
        }
        // The drain outlives no work: it ends as soon as the queue is empty.
        if startDrain { scheduleBatch() }
    }

    /// Runs the next batch on the writer queue, and schedules another while jobs remain.
    /// On a closed store the batch's BEGIN fails, which fails its jobs: nobody hangs.
    private func scheduleBatch() {
        pool.asyncWriteWithoutTransaction { db in
            let outcome = self.runBatch(db)
            let error = outcome.error
            for completion in outcome.ran { completion(error) }
            for job in outcome.notRun { job.fail(error ?? StoreError.misuse("job dropped")) }
            if self.hasMoreWork() { self.scheduleBatch() }
        }
    }

    /// Runs on the writer queue. Never throws: the outcome carries the batch's error.
    private func runBatch(_ db: Database) -> BatchOutcome {
        let jobs = take()
        guard !jobs.isEmpty else { return BatchOutcome() }
        let start = ContinuousClock.now
        var committing = start
        var outcome = runTransaction(db, jobs, isolated: false, committing: &committing)
        let rerun = outcome.error is ChangedThenThrew
        if rerun {
            outcome = runTransaction(db, jobs, isolated: true, committing: &committing)
        }
        if let error = outcome.error {
            logger.error("group commit batch rolled back", metadata: ["error": "\(error)", "jobs": "\(jobs.count)"])
        }
        let end = ContinuousClock.now
        let observer = state.withLockedValue { state in
            state.stats.runTime += committing - start
            state.stats.commitTime += end - committing
            state.stats.batches += 1
            state.stats.writes += jobs.count
            state.stats.largestBatch = max(state.stats.largestBatch, jobs.count)
            if rerun { state.stats.isolatedReruns += 1 }
            return state.batchObserver
        }
        observer?(jobs.count)
        return outcome
    }

    /// A closure threw after changing rows, in a transaction without savepoints: only a
    /// rollback can undo its part, so the batch is run again with one savepoint per closure.
    private struct ChangedThenThrew: Error {}

    /// One IMMEDIATE transaction over `jobs`, each closure in a savepoint when `isolated`.
    /// Sets `committing` when the closures are done and COMMIT starts.
    private func runTransaction(_ db: Database, _ jobs: [Job], isolated: Bool, committing: inout ContinuousClock.Instant) -> BatchOutcome {
        var outcome = BatchOutcome()
        do {
            try db.inTransaction(.immediate) {
                defer { committing = ContinuousClock.now }
                for job in jobs {
                    let changes = db.totalChangesCount
                    let ran = job.run(db, isolated)
                    if ran.threw && !isolated && db.totalChangesCount != changes {
                        throw ChangedThenThrew()
                    }
                    outcome.ran.append(ran.complete)
                    // Some SQLite errors (e.g. SQLITE_FULL) roll back the whole transaction,
                    // taking earlier savepoints with it: nobody in this batch is durable.
                    if !db.isInsideTransaction {
                        throw StoreError.conflict("group commit batch aborted by SQLite")
                    }
                }
                return .commit
            }
        } catch {
            outcome.notRun = Array(jobs.dropFirst(outcome.ran.count))
            outcome.error = error
        }
        return outcome
    }

    private func take() -> [Job] {
        state.withLockedValue { state in
            let count = min(state.queue.count, maxBatch)
            let jobs = Array(state.queue.prefix(count))
            state.queue.removeFirst(count)
            return jobs
        }
    }

    /// Ends the drain loop under the lock when the queue is empty, so a job queued
    /// right after sees `draining == false` and starts a new loop.
    private func hasMoreWork() -> Bool {
        state.withLockedValue { state in
            if state.queue.isEmpty {
                state.draining = false
                return false
            }
            return true
        }
    }
}
