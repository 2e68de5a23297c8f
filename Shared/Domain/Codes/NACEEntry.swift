/// The four levels of the NACE hierarchy.
public enum NACELevel: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// A letter: `A` … `U` (Rev. 2) or `A` … `V` (Rev. 2.1).
    case section = 1
    /// Two digits: `62`.
    case division = 2
    /// Two digits, a dot, one digit: `62.0`.
    case group = 3
    /// Two digits, a dot, two digits: `62.01`.
    case `class` = 4

    public static func < (lhs: NACELevel, rhs: NACELevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One NACE code (section, division, group or class) of one NACE version.
public struct NACEEntry: CodeListEntry, Codable {
    /// Canonical code: `J`, `62`, `62.0`, `62.01` (see ``NACE/normalize(_:)``).
    public let code: String
    /// The code of the level above; nil for sections.
    public let parent: String?
    public let level: NACELevel
    /// The English title from the regulation.
    public let title: String
    /// The NACE version: ``NACE/rev2`` ("2") or ``NACE/rev2_1`` ("2.1").
    public let version: String

    public init(code: String, parent: String?, level: NACELevel, title: String, version: String) {
        self.code = code
        self.parent = parent
        self.level = level
        self.title = title
        self.version = version
    }
}

extension NACE {
    /// Reads a NACE list from CSV with columns `code,parent,level,title` (any order,
    /// extra columns ignored), checking that every code is canonical, matches its level,
    /// and hangs under an existing parent of the level above (parents may come later).
    public static func parse(csv: String, version: String) throws(CodeListError) -> CodeList<NACEEntry> {
        let list = "NACE \(version)"
        guard !version.isEmpty else { throw .empty(list: list) }
        let table = try CodeListCSV.table(csv, list: list)
        let codeColumn = try CodeListCSV.column(table, ["code"], list: list)
        let parentColumn = try CodeListCSV.column(table, ["parent"], list: list)
        let levelColumn = try CodeListCSV.column(table, ["level"], list: list)
        let titleColumn = try CodeListCSV.column(table, ["title", "name"], list: list)

        var entries: [NACEEntry] = []
        var lines: [String: Int] = [:]
        for row in table.rows {
            let code = try CodeListCSV.field(row, codeColumn, list: list)
            let parent = try CodeListCSV.field(row, parentColumn, list: list)
            let levelText = try CodeListCSV.field(row, levelColumn, list: list)
            let title = try CodeListCSV.field(row, titleColumn, list: list)
            guard let levelNumber = Int(levelText), let level = NACELevel(rawValue: levelNumber) else {
                throw .invalidRow(list: list, line: row.line, reason: "level '\(levelText)' is not 1–4")
            }
            guard NACE.normalize(code) == code, NACE.level(ofCanonical: code) == level else {
                throw .invalidRow(list: list, line: row.line, reason: "code '\(code)' is not a canonical level-\(level.rawValue) code")
            }
            guard !title.isEmpty else {
                throw .invalidRow(list: list, line: row.line, reason: "code \(code) has no title")
            }
            guard (level == .section) == parent.isEmpty else {
                throw .invalidRow(list: list, line: row.line, reason: "only sections have no parent (code \(code))")
            }
            entries.append(NACEEntry(code: code, parent: parent.isEmpty ? nil : parent,
                                     level: level, title: title, version: version))
            lines[code] = row.line
        }
        guard !entries.isEmpty else { throw .empty(list: list) }
        let codeList = try CodeList(name: list, version: version, entries: entries)
        for entry in entries {
            guard let parentCode = entry.parent else { continue }
            let line = lines[entry.code] ?? 0
            guard let parent = codeList.entry(code: parentCode), parent.level.rawValue == entry.level.rawValue - 1 else {
                throw .invalidRow(list: list, line: line, reason: "parent \(parentCode) of \(entry.code) is missing or not one level up")
            }
            if entry.level > .division, !entry.code.hasPrefix(parentCode) {
                throw .invalidRow(list: list, line: line, reason: "\(entry.code) does not extend its parent \(parentCode)")
            }
        }
        return codeList
    }

    /// The level a canonical code's shape implies, or nil for a non-canonical code.
    static func level(ofCanonical code: String) -> NACELevel? {
        let scalars = Array(code.unicodeScalars)
        func digits(_ range: Range<Int>) -> Bool {
            range.allSatisfy { ("0"..."9").contains(scalars[$0]) }
        }
        switch scalars.count {
        case 1: return ("A"..."Z").contains(scalars[0]) ? .section : nil
        case 2: return digits(0..<2) ? .division : nil
        case 4: return digits(0..<2) && scalars[2] == "." && digits(3..<4) ? .group : nil
        case 5: return digits(0..<2) && scalars[2] == "." && digits(3..<5) ? .class : nil
        default: return nil
        }
    }
}
