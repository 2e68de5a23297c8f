/// One smart-specialisation (S3) area: a slug code, a label and where it comes from.
public struct S3Area: CodeListEntry, Codable {
    /// A lower-case slug, stable across versions: `ict`, `circular-economy`.
    public let code: String
    /// The English label shown to users.
    public let label: String
    /// The origin, e.g. "GoSmart BSR common area", "BSR Trans-S3 priority",
    /// "S3 thematic platform".
    public let source: String
    /// The list version, e.g. "2026-11".
    public let version: String

    public init(code: String, label: String, source: String, version: String) {
        self.code = code
        self.label = label
        self.source = source
        self.version = version
    }
}

/// The S3 areas that SMEs, needs, offers, resources and regional strategies are tagged
/// with. Loaded as data (`code,label,source`); the bundled list is version "2026-11".
/// Codes are looked up after trimming and lower-casing.
public struct S3Areas: Sendable {
    /// The version of the bundled list.
    public static let bundledVersion = "2026-11"
    /// The `source` of the three areas all GoSmart BSR regions share.
    public static let goSmartCommonSource = "GoSmart BSR common area"
    /// The `source` of the BSR Trans-S3 priorities.
    public static let transS3Source = "BSR Trans-S3 priority"
    /// The `source` of the EU S3 thematic platforms.
    public static let thematicPlatformSource = "S3 thematic platform"

    public let areas: CodeList<S3Area>

    public init(_ areas: CodeList<S3Area>) {
        self.areas = areas
    }

    /// The version of the loaded list.
    public var version: String { areas.version }

    /// The area with this code, if the list has it.
    public func area(code: String) -> S3Area? {
        areas.entry(code: Self.normalize(code))
    }

    /// True when the list has this code.
    public func isValid(code: String) -> Bool {
        area(code: code) != nil
    }

    /// The areas of one source (compared exactly), in list order.
    public func areas(fromSource source: String) -> [S3Area] {
        areas.entries.filter { $0.source == source }
    }

    /// The BSR Trans-S3 priorities.
    public var transS3Priorities: [S3Area] { areas(fromSource: Self.transS3Source) }

    /// Trimmed and lower-cased: the canonical spelling of an S3 area code.
    public static func normalize(_ code: String) -> String {
        code.trimmingSpaces().lowercased()
    }

    /// Reads an S3 list from CSV with columns `code,label,source` (any order, extra
    /// columns ignored). Codes must be lower-case slugs (`a-z`, `0-9`, `-`) and unique,
    /// labels non-empty; an empty source is allowed.
    public static func parse(csv: String, version: String) throws(CodeListError) -> S3Areas {
        let list = "S3 \(version)"
        guard !version.isEmpty else { throw .empty(list: list) }
        let table = try CodeListCSV.table(csv, list: list)
        let codeColumn = try CodeListCSV.column(table, ["code"], list: list)
        let labelColumn = try CodeListCSV.column(table, ["label", "name"], list: list)
        let sourceColumn = table.columnIndex(anyOf: ["source"])
        var entries: [S3Area] = []
        for row in table.rows {
            let code = try CodeListCSV.field(row, codeColumn, list: list)
            let label = try CodeListCSV.field(row, labelColumn, list: list)
            let source = try sourceColumn.map { (index) throws(CodeListError) in
                try CodeListCSV.field(row, index, list: list)
            } ?? ""
            guard isSlug(code) else {
                throw .invalidRow(list: list, line: row.line, reason: "'\(code)' is not a lower-case slug")
            }
            guard !label.isEmpty else {
                throw .invalidRow(list: list, line: row.line, reason: "code \(code) has no label")
            }
            entries.append(S3Area(code: code, label: label, source: source, version: version))
        }
        guard !entries.isEmpty else { throw .empty(list: list) }
        return S3Areas(try CodeList(name: list, version: version, entries: entries))
    }

    static func isSlug(_ code: String) -> Bool {
        !code.isEmpty && !code.hasPrefix("-") && !code.hasSuffix("-")
            && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
