import Foundation
import TIBSStore

/// Helpers for the stored records (protobuf bytes) and filter columns of a service's tables.
public enum RecordCoding {
    /// Decodes a stored record; one that no longer decodes is data loss (DATA_LOSS), not a
    /// caller's mistake.
    public static func decode<T>(_ table: String, _ id: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw StoreError.dataLoss("\(table) \(id) does not decode: \(error)")
        }
    }

    /// `,a,b,` for `LIKE '%,a,%'` filters over a list column; "," for none.
    public static func index(_ tokens: [String]) -> String {
        "," + tokens.map { $0 + "," }.joined()
    }
}
