import Foundation

/// One data row of a CSV import, read by column: trimmed values (empty is absent), `;` lists,
/// checked numbers and yes/no flags. Problems found while reading collect in `problems`, so a row
/// reports every bad value at once.
struct CSVRow<Column: CSVColumns> {
    let fields: [String]
    let columns: [Column: Int]
    /// 1-based, after the header.
    let row: Int
    var problems: [RowProblem] = []

    func value(_ column: Column) -> String? {
        guard let index = columns[column] else { return nil }
        let text = fields[index].trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    func list(_ column: Column) -> [String] {
        (value(column) ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func strings(_ column: Column) -> JSONValue? {
        let items = list(column)
        return items.isEmpty ? nil : .array(items.map(JSONValue.string))
    }

    func codes(_ column: Column) -> JSONValue? {
        let items = list(column)
        return items.isEmpty ? nil : .array(items.map(codeJSON))
    }

    /// A whole number up to `max`, as JSON text (64-bit integers are strings in protobuf JSON).
    mutating func number(_ column: Column, max: UInt64) -> JSONValue? {
        guard let text = value(column) else { return nil }
        guard let parsed = UInt64(text), parsed <= max else {
            problem(column, "'\(text)' is not a whole number up to \(max)")
            return nil
        }
        return .string(String(parsed))
    }

    /// yes/no (true/false, 1/0, y/n); absent is `absent`.
    mutating func flag(_ column: Column, absent: Bool = false) -> Bool {
        guard let text = value(column)?.lowercased() else { return absent }
        if ["yes", "true", "1", "y"].contains(text) { return true }
        if !["no", "false", "0", "n"].contains(text) { problem(column, "'\(text)' is not yes or no") }
        return false
    }

    mutating func problem(_ column: Column, _ text: String) {
        problems.append(RowProblem(row: row, field: column.rawValue, problem: text))
    }
}
