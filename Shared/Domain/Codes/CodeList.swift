/// One code of a published code list (a NACE class, a NUTS region, an S3 area, …).
///
/// Every entry carries the version of the list it came from, because the same code can
/// mean different things in two versions (NACE 62.01 exists in Rev. 2 but not in Rev. 2.1)
/// and stored data must say which list it was coded against.
public protocol CodeListEntry: Sendable, Hashable {
    /// The code as stored and compared, in the list's canonical spelling.
    var code: String { get }
    /// The version of the list this entry belongs to (for example "2.1" or "2021").
    var version: String { get }
}

extension CodeListEntry {
    /// This entry as a code plus version pair, the form stored with domain records.
    public var versionedCode: VersionedCode { VersionedCode(code: code, version: version) }
}

/// A code together with the version of the list it was coded against.
///
/// Domain records store codes in this form (for example NACE `62.01` in version `2`),
/// so later list versions never silently change the meaning of old data.
public struct VersionedCode: Sendable, Hashable, Codable, CustomStringConvertible {
    public var code: String
    public var version: String

    public init(code: String, version: String) {
        self.code = code
        self.version = version
    }

    /// `code@version`, for logs and messages.
    public var description: String { "\(code)@\(version)" }
}

/// An immutable, versioned code list: its entries in source order and an index by code.
///
/// Building one checks the invariants every list needs (unique codes, every entry of the
/// list's version); list-specific rules (hierarchy, code shape) are checked by the loaders.
public struct CodeList<Entry: CodeListEntry>: Sendable {
    /// A short name of the list, used in errors ("NACE", "NUTS", "S3").
    public let name: String
    /// The version shared by all entries.
    public let version: String
    /// All entries in the order of the source data.
    public let entries: [Entry]
    private let indexByCode: [String: Int]

    /// Builds a list; throws when a code repeats or an entry has another version.
    public init(name: String, version: String, entries: [Entry]) throws(CodeListError) {
        var index: [String: Int] = [:]
        index.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() {
            guard entry.version == version else {
                throw .versionMismatch(list: name, code: entry.code, expected: version, found: entry.version)
            }
            guard index.updateValue(position, forKey: entry.code) == nil else {
                throw .duplicateCode(list: name, code: entry.code)
            }
        }
        self.name = name
        self.version = version
        self.entries = entries
        self.indexByCode = index
    }

    /// The entry with exactly this canonical code, if the list has it.
    public func entry(code: String) -> Entry? {
        indexByCode[code].map { entries[$0] }
    }

    /// True when the list has exactly this canonical code.
    public func contains(code: String) -> Bool {
        indexByCode[code] != nil
    }

    /// The number of entries.
    public var count: Int { entries.count }
}

/// Why a code list could not be built or loaded. These are data errors an admin can fix.
public enum CodeListError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The CSV text itself is malformed.
    case csv(list: String, CSVError)
    /// A required column is absent; `accepted` lists the header names that would do.
    case missingColumn(list: String, accepted: [String])
    /// A data row breaks a rule of the list (bad code shape, unknown parent, …).
    case invalidRow(list: String, line: Int, reason: String)
    /// The same code appears twice in one version.
    case duplicateCode(list: String, code: String)
    /// An entry carries another version than its list.
    case versionMismatch(list: String, code: String, expected: String, found: String)
    /// A bundled resource file is missing from the module bundle.
    case missingResource(name: String)
    /// The list is empty or a version is empty.
    case empty(list: String)

    public var description: String {
        switch self {
        case .csv(let list, let error): "\(list): \(error)"
        case .missingColumn(let list, let accepted):
            "\(list): missing column (one of \(accepted.joined(separator: ", ")))"
        case .invalidRow(let list, let line, let reason): "\(list) line \(line): \(reason)"
        case .duplicateCode(let list, let code): "\(list): code \(code) appears twice"
        case .versionMismatch(let list, let code, let expected, let found):
            "\(list): code \(code) has version \(found), list is \(expected)"
        case .missingResource(let name): "code list resource \(name) is missing from the bundle"
        case .empty(let list): "\(list): no entries or no version"
        }
    }
}

/// Shared helpers for the CSV-backed loaders.
enum CodeListCSV {
    /// Reads `text` as a table, mapping CSV errors into ``CodeListError``.
    static func table(_ text: String, list: String) throws(CodeListError) -> CSVTable {
        do {
            return try CSVTable(text: text)
        } catch {
            throw .csv(list: list, error)
        }
    }

    /// The index of a required column, accepting any of `names`.
    static func column(_ table: CSVTable, _ names: [String], list: String) throws(CodeListError) -> Int {
        guard let index = table.columnIndex(anyOf: names) else {
            throw .missingColumn(list: list, accepted: names)
        }
        return index
    }

    /// The trimmed field at `index`, or an error naming the row when the row is too short.
    static func field(_ row: CSV.Record, _ index: Int, list: String) throws(CodeListError) -> String {
        guard index < row.fields.count else {
            throw .invalidRow(list: list, line: row.line, reason: "row has \(row.fields.count) fields, expected at least \(index + 1)")
        }
        return row.fields[index].trimmingSpaces()
    }
}
