/// The columns one CSV import understands (`tibsctl import smes`, `import resources`; docs/tibsctl.md).
/// Names are matched without regard to case or surrounding spaces; list columns separate items with ";".
protocol CSVColumns: RawRepresentable<String>, CaseIterable, Hashable, Sendable {
    /// Columns the header must have: the server requires their values.
    static var required: [Self] { get }
}

extension CSVColumns {
    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Column positions for a header row; unknown or missing required columns are a usage error.
    static func map(header: [String]) throws(CLIFailure) -> [Self: Int] {
        var positions: [Self: Int] = [:]
        for (index, name) in header.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "\u{FEFF}", with: "")
            guard let column = Self(rawValue: key) else {
                throw CLIFailure.usage("unknown CSV column '\(name)'; the header may use: \(names)")
            }
            guard positions[column] == nil else { throw CLIFailure.usage("CSV column '\(key)' appears twice") }
            positions[column] = index
        }
        let missing = required.filter { positions[$0] == nil }
        guard missing.isEmpty else {
            throw CLIFailure.usage("the CSV header lacks \(missing.map(\.rawValue).joined(separator: ", ")) (required: \(required.map(\.rawValue).joined(separator: ", ")))")
        }
        return positions
    }
}
