import Foundation
import GRDB
import Testing
@testable import TIBSStore

@Suite("Group commit")
struct GroupCommitTests {
    typealias Outcome = (index: Int, result: Result<Int64, any Error>, visibleOnReturn: Bool)

    /// Runs `count` concurrent group writes of one item each; `failing` closures throw
    /// after writing, `refused` ones before writing anything, `poisoned` ones write a row
    /// that makes the COMMIT fail.
    func concurrentWrites(
        _ store: ServiceStore, count: Int, failing: Set<Int> = [], refused: Set<Int> = [], poisoned: Set<Int> = []
    ) async -> [Int: Outcome] {
        await withTaskGroup(of: Outcome.self) { group in
            for index in 0..<count {
                group.addTask {
                    do {
                        let sequence = try await store.groupWrite { db in
                            if refused.contains(index) { throw TestError.rejected(index) }
                            let sequence = try insertItem(db, store, id: "sme-\(index)")
                            if poisoned.contains(index) {
                                // Deferred foreign key: fine now, refused at COMMIT.
                                try db.execute(sql: "INSERT INTO tag (item_id, tag) VALUES ('missing', 'x')")
                            }
                            if failing.contains(index) { throw TestError.rejected(index) }
                            return sequence
                        }
                        // Acknowledged must mean committed: a reader connection sees it now.
                        let visible = try await store.read { db in try itemExists(db, "sme-\(index)") }
                        return (index, .success(sequence), visible)
                    } catch {
                        return (index, .failure(error), false)
                    }
                }
            }
            var outcomes: [Int: Outcome] = [:]
            for await outcome in group { outcomes[outcome.index] = outcome }
            return outcomes
        }
    }

    @Test("200 concurrent group writes: 195 commit, the 5 that throw roll back alone, each caller gets its own outcome")
    func twoHundredWritesFiveFailures() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            let failing: Set<Int> = [7, 47, 87, 127, 167]
            let outcomes = await concurrentWrites(store, count: 200, failing: failing)

            #expect(outcomes.count == 200)
            var sequenceOf: [Int64: String] = [:]
            for (index, outcome) in outcomes {
                switch outcome.result {
                case .success(let sequence):
                    #expect(!failing.contains(index))
                    #expect(outcome.visibleOnReturn, "sme-\(index) acknowledged before it was visible")
                    sequenceOf[sequence] = "sme-\(index)"
                case .failure(let error):
                    #expect(failing.contains(index))
                    #expect(error as? TestError == .rejected(index))
                }
            }
            #expect(sequenceOf.count == 195)

            let items = try await store.read { db in try String.fetchSet(db, sql: "SELECT id FROM item") }
            #expect(items.count == 195)
            #expect(items.isDisjoint(with: failing.map { "sme-\($0)" }))

            let feed = try await store.readChanges(after: 0, limit: 1_000)
            #expect(feed.map(\.sequence) == Array(1...195), "feed has a gap or extra records")
            for record in feed {
                #expect(sequenceOf[record.sequence] == record.entityID, "caller got someone else's sequence")
            }
            #expect(store.latestSequence() == 195)
            let stats = store.groupCommitStats
            #expect(stats.writes == 200)
            #expect(stats.largestBatch <= ServiceStore.defaultMaxBatch)
            // Each failure changed rows before throwing: its batch ran again with savepoints.
            #expect((1...5).contains(stats.isolatedReruns))
        }
    }

    @Test("closures that throw before changing rows fail alone and their batch commits without a rerun")
    func refusalsBeforeWritingNeedNoRerun() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            let refused: Set<Int> = [3, 50, 51, 52, 140]
            let outcomes = await concurrentWrites(store, count: 200, refused: refused)

            for (index, outcome) in outcomes {
                switch outcome.result {
                case .success:
                    #expect(!refused.contains(index))
                    #expect(outcome.visibleOnReturn)
                case .failure(let error):
                    #expect(error as? TestError == .rejected(index))
                }
            }
            let items = try await store.read { db in try String.fetchSet(db, sql: "SELECT id FROM item") }
            #expect(items == Set((0..<200).filter { !refused.contains($0) }.map { "sme-\($0)" }))
            #expect(try await store.readChanges(after: 0, limit: 1_000).map(\.sequence) == Array(1...195))
            #expect(store.groupCommitStats.isolatedReruns == 0)
        }
    }

    @Test("a closure that wrote only a full-text (FTS5) row before throwing leaves nothing behind")
    func fullTextWriteThenThrowIsUndone() async throws {
        try await withTempDirectory { dir in
            var migrator = sampleMigrator()
            migrator.registerMigration("sample.fts") { db in
                try db.execute(sql: "CREATE VIRTUAL TABLE note_text USING fts5 (body)")
            }
            let store = try ServiceStore.open(path: dir + "/fts.sqlite", migrations: migrator)
            defer { try? store.close() }
            let failing: Set<Int> = [4, 25, 26]
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        _ = try? await store.groupWrite { db in
                            // The failing ones change nothing but the virtual table, then throw.
                            try db.execute(sql: "INSERT INTO note_text (rowid, body) VALUES (?, ?)", arguments: [index, "word\(index)"])
                            if failing.contains(index) { throw TestError.rejected(index) }
                            try insertItem(db, store, id: "sme-\(index)")
                        }
                    }
                }
            }
            let rows = try await store.read { db in try Int.fetchSet(db, sql: "SELECT rowid FROM note_text") }
            #expect(rows == Set((0..<40).filter { !failing.contains($0) }))
            #expect(try await store.read { db in try count(db, "item") } == 37)
        }
    }

    @Test("batches never exceed the configured bound")
    func batchesAreBounded() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir, maxBatch: 8)
            defer { try? store.close() }
            let outcomes = await concurrentWrites(store, count: 100)
            #expect(outcomes.values.allSatisfy { (try? $0.result.get()) != nil && $0.visibleOnReturn })
            let stats = store.groupCommitStats
            #expect(stats.writes == 100)
            #expect(stats.largestBatch <= 8)
            #expect(stats.batches >= 13)
        }
    }

    @Test("when a COMMIT fails every caller of that batch gets the error and nothing of it is stored")
    func failedCommitFailsTheWholeBatch() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            defer { try? store.close() }
            let outcomes = await concurrentWrites(store, count: 60, poisoned: [30])

            guard case .failure(let poisonError) = try #require(outcomes[30]).result else {
                Issue.record("the poisoned write was acknowledged")
                return
            }
            #expect((poisonError as? DatabaseError)?.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY)
            let items = try await store.read { db in try String.fetchSet(db, sql: "SELECT id FROM item") }
            var acknowledged = 0
            for (index, outcome) in outcomes {
                switch outcome.result {
                case .success:
                    acknowledged += 1
                    #expect(outcome.visibleOnReturn)
                    #expect(items.contains("sme-\(index)"))
                case .failure(let error):
                    #expect((error as? DatabaseError)?.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY)
                    #expect(!items.contains("sme-\(index)"), "a failed caller's write was stored")
                }
            }
            #expect(items.count == acknowledged)
            #expect(try await store.readChanges(after: 0, limit: 1_000).count == acknowledged)
            #expect(try await store.read { db in try count(db, "tag") } == 0)
            // The writer is healthy afterwards.
            #expect(try await store.groupWrite { db in try insertItem(db, store, id: "after") } > 0)
        }
    }

    @Test("a group write on a closed store fails instead of hanging")
    func closedStoreFails() async throws {
        try await withTempDirectory { dir in
            let store = try openSampleStore(in: dir)
            try store.close()
            await #expect(throws: (any Error).self) {
                try await store.groupWrite { db in try insertItem(db, store, id: "late") }
            }
        }
    }
}
