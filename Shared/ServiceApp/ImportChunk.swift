import GRDB
import TIBSDomain
import TIBSStore

/// One chunk of a bulk import, written the same way by every service: every row is validated
/// first, concurrently with other callers (a broken row is rejected with its violations); the
/// valid rows are then written in one group commit, each in its own savepoint, so a row that a
/// stored-data rule refuses is reported and skipped and never leaves half a record behind.
public enum ImportChunk {
    /// One outcome per row, in order. `write` stores one valid row and answers its outcome; a
    /// `ValidationErrors` it throws rejects the row with those violations, a `ServiceError` with
    /// one violation on `refusalField` (the natural key the refusal is about).
    public static func run<Row, Valid: Sendable>(
        _ rows: [Row], store: ServiceStore, refusalField: String,
        validate: (Row) throws -> Valid,
        write: @escaping @Sendable (Database, Valid) throws -> ImportOutcome
    ) async throws -> [ImportOutcome] {
        var outcomes = [ImportOutcome?](repeating: nil, count: rows.count)
        var valid: [(index: Int, row: Valid)] = []
        for (index, row) in rows.enumerated() {
            do {
                valid.append((index, try validate(row)))
            } catch let error as ValidationErrors {
                outcomes[index] = .rejected(error.violations)
            } catch let error as ServiceError {
                outcomes[index] = .rejected([FieldViolation(field: refusalField, description: error.summary)])
            }
        }
        let toWrite = valid
        let written = try await store.groupWrite { db in
            var results: [(Int, ImportOutcome)] = []
            for entry in toWrite {
                var outcome = ImportOutcome.rejected([])
                do {
                    try db.inSavepoint {
                        outcome = try write(db, entry.row)
                        return .commit
                    }
                } catch let error as ValidationErrors {
                    outcome = .rejected(error.violations)
                } catch let error as ServiceError {
                    outcome = .rejected([FieldViolation(field: refusalField, description: error.summary)])
                }
                results.append((entry.index, outcome))
            }
            return results
        }
        for (index, outcome) in written { outcomes[index] = outcome }
        return outcomes.map { $0 ?? .rejected([]) }
    }
}
