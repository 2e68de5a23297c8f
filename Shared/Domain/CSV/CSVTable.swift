/// A CSV text with a header row, read by column name.
///
/// Why: admin-supplied lists (for example a Eurostat GISCO NUTS export) come with their
/// own column order and extra columns; loaders look columns up by name and ignore the rest.
/// Header names are matched case-insensitively after trimming spaces.
public struct CSVTable: Sendable {
    /// The header fields, as written.
    public let header: [String]
    /// The data records (header excluded), with the line on which each starts.
    public let rows: [CSV.Record]

    /// Reads `text`; the first record is the header. An empty text has an empty header.
    public init(text: String) throws(CSVError) {
        let records = try CSV.parseRecords(text)
        header = records.first?.fields ?? []
        rows = Array(records.dropFirst())
    }

    /// The index of the first column whose name matches one of `names`, if any.
    public func columnIndex(_ names: String...) -> Int? {
        columnIndex(anyOf: names)
    }

    /// The index of the first column whose name matches one of `names`, if any.
    public func columnIndex(anyOf names: [String]) -> Int? {
        let wanted = Set(names.map(Self.key))
        return header.firstIndex { wanted.contains(Self.key($0)) }
    }

    private static func key(_ name: String) -> String {
        name.trimmingSpaces().lowercased()
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    /// (Foundation-free helper so the CSV layer needs nothing else.)
    func trimmingSpaces() -> String {
        // Most values have nothing to trim: when both ends are ASCII and not whitespace,
        // so are the first and last characters, and the string is returned as it is.
        if let first = utf8.first, let last = utf8.last, Self.isASCIINonSpace(first), Self.isASCIINonSpace(last) {
            return self
        }
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }

    /// An ASCII byte that is not whitespace (tab, line feed, vertical tab, form feed,
    /// carriage return, space).
    private static func isASCIINonSpace(_ byte: UInt8) -> Bool {
        byte < 0x80 && !(0x09...0x0D).contains(byte) && byte != 0x20
    }
}
