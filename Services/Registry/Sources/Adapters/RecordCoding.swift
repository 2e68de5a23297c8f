import Foundation
import TIBSStore

/// The JSON form of stored records. A record that no longer decodes is data loss, not a bug
/// of the caller: it surfaces as DATA_LOSS.
enum RecordCoding {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let data = try JSONEncoder().encode(value)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, table: String, id: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.dataLoss("\(table) \(id) does not decode: \(error)")
        }
    }

    /// `,a,b,` for LIKE '%,a,%' filters; "," for none.
    static func index(_ tokens: [String]) -> String {
        "," + tokens.map { $0 + "," }.joined()
    }
}
