import Foundation
import GRDB
import TIBSStore

/// Every row of every table of a store (FTS shadow tables included), for tests that show a
/// refused call changed nothing: equal snapshots before and after.
public struct StoreSnapshot: Equatable, Sendable, CustomStringConvertible {
    public let tables: [String: [String]]

    public static func take(_ store: ServiceStore) async throws -> StoreSnapshot {
        try await store.read { db in
            let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            var tables: [String: [String]] = [:]
            for name in names {
                let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                tables[name] = try Row.fetchAll(db, sql: "SELECT * FROM \(quoted)").map { $0.description }.sorted()
            }
            return StoreSnapshot(tables: tables)
        }
    }

    public var description: String { tables.map { "\($0.key): \($0.value.count)" }.sorted().joined(separator: ", ") }
}
