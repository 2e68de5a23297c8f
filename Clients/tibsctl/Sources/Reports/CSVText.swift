/// CSV text for the reports (RFC 4180: comma, CRLF-free `\n` lines, fields quoted when they hold a
/// comma, quote or line break). A text field from users that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`; numbers are never touched.
enum CSVText {
    enum Field {
        case text(String)
        case number(String)
    }

    static func render(header: [String], rows: [[Field]]) -> String {
        ([header.map(quote)] + rows.map { $0.map(cell) }).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func cell(_ field: Field) -> String {
        switch field {
        case .number(let text): return text
        case .text(let text):
            guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return quote(text) }
            return quote("'" + text)
        }
    }

    static func quote(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
