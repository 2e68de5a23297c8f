import Foundation
import GRDB
import Testing
import TIBSRPC
import TIBSStore

/// Runs `body`, which must fail with `code`; returns the error for further checks.
@discardableResult
func expectRPCError(_ code: StatusCode, fields: [String]? = nil, sourceLocation: SourceLocation = #_sourceLocation,
                    _ body: () async throws -> Void) async -> RPCError? {
    do {
        try await body()
        Issue.record("expected \(code), the call succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let error as RPCError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        if let fields {
            #expect(error.violations.map(\.field) == fields, "\(error)", sourceLocation: sourceLocation)
        }
        return error
    } catch {
        Issue.record("expected RPCError \(code), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Row counts of every table and the feed and audit heads: equal before and after a
/// refused call means the call changed nothing.
struct DatabaseSnapshot: Equatable, CustomStringConvertible {
    var counts: [String: Int]
    var contents: [String: [String]]

    static func take(_ store: ServiceStore) async throws -> DatabaseSnapshot {
        try await store.read { db in
            var counts: [String: Int] = [:]
            var contents: [String: [String]] = [:]
            for table in ["smes", "sme_contacts", "postings", "surveys", "brokers", "change_feed", "audit_log", "idempotency_keys"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1
            }
            for table in ["smes", "postings", "surveys", "sme_contacts"] {
                contents[table] = try String.fetchAll(db, sql: "SELECT record FROM \(table) ORDER BY 1")
            }
            return DatabaseSnapshot(counts: counts, contents: contents)
        }
    }

    var description: String { "\(counts)" }
}

/// Asserts that `body` (a refused call) leaves the database exactly as it was.
func expectUnchanged(_ store: ServiceStore, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async throws {
    let before = try await DatabaseSnapshot.take(store)
    try await body()
    let after = try await DatabaseSnapshot.take(store)
    #expect(before == after, "the database changed: \(before) → \(after)", sourceLocation: sourceLocation)
}
