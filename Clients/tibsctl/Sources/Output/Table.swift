/// A plain text table for terminals: columns padded to their widest cell, two spaces apart,
/// trailing spaces trimmed. Cells longer than `maxCell` are cut with "…" so a long description
/// does not wrap every row. Cells hold data from servers and files: newlines and tabs become
/// spaces and anything else a terminal would act on is escaped (`TerminalText`).
public struct Table: Sendable {
    public var header: [String]
    public var rows: [[String]]
    public var maxCell: Int

    public init(header: [String], rows: [[String]], maxCell: Int = 60) {
        self.header = header
        self.rows = rows
        self.maxCell = maxCell
    }

    public func render() -> String {
        let cut: ([String]) -> [String] = { cells in
            cells.map { cell in
                let flat = TerminalText.escape(cell.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " "))
                return flat.count > maxCell ? String(flat.prefix(maxCell - 1)) + "…" : flat
            }
        }
        let all = [cut(header)] + rows.map(cut)
        let columns = all.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in all {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return all.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                line += cell
                if index < row.count - 1 { line += String(repeating: " ", count: widths[index] - cell.count + 2) }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
