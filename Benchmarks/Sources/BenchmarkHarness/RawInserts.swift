import Foundation
import GRDB
@_spi(RawPool) import TIBSStore

/// Rows per second inserting `rows` into `store` with `insert`, straight on its writer
/// connection: one transaction per row (the floor: an fsync each) or all in one (the ceiling).
/// The raw cases of the service benchmarks share it; `insert` gets the row and a commit time.
public func rawInsertRate<Row>(_ store: ServiceStore, _ rows: [Row], oneTransactionPerRow perRow: Bool,
                               insert: (Database, Row, Int64) throws -> Void) throws -> Double {
    let millis = Int64(Date().timeIntervalSince1970 * 1000)
    let start = nanos()
    try store.pool.writeWithoutTransaction { db in
        if perRow {
            for row in rows {
                try db.inTransaction(.immediate) { try insert(db, row, millis); return .commit }
            }
        } else {
            try db.inTransaction(.immediate) {
                for row in rows { try insert(db, row, millis) }
                return .commit
            }
        }
    }
    return Double(rows.count) / (Double(nanos() - start) / 1e9)
}
