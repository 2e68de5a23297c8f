/// One NUTS region (level 0 = country, 1, 2 or 3) of one NUTS version.
public struct NUTSRegion: CodeListEntry, Codable {
    /// Canonical code: upper case, `PL84`, `FI1C4`; its first two letters are ``country``.
    public let code: String
    /// 0 (country) to 3; always `code.count - 2`.
    public let level: Int
    /// The NUTS country prefix. Differs from ISO 3166 for Greece (`EL`) and the former
    /// United Kingdom (`UK`); use ``isoCountry`` for the ISO code.
    public let country: String
    /// The name in Latin script (GISCO `NAME_LATN`).
    public let name: String
    /// The NUTS version, e.g. "2021".
    public let version: String

    public init(code: String, level: Int, country: String, name: String, version: String) {
        self.code = code
        self.level = level
        self.country = country
        self.name = name
        self.version = version
    }

    /// The ISO 3166-1 alpha-2 code of the region's country (`EL` → `GR`, `UK` → `GB`).
    public var isoCountry: String { Countries.isoCode(forNUTSPrefix: country) }
}

/// A NUTS classification of one version, loaded as data.
///
/// The bundled list is a Baltic Sea Region seed (NUTS 2021, the partner regions' NUTS-3
/// only). Admins load a full list from a Eurostat GISCO CSV with ``parse(csv:version:)``
/// without a code change. Codes are looked up after trimming and upper-casing.
///
/// Hierarchy comes from the code itself: a region's structural parent is its code minus
/// the last character (`PL841` → `PL84` → `PL8` → `PL`). Because a seed list may skip
/// levels (the bundled one has no NUTS-1), ``parent(of:)`` returns the nearest ancestor
/// that the loaded list has: `PL84` → `PL` in the seed, → `PL8` in a full GISCO list.
public struct NUTS: Sendable {
    public let regions: CodeList<NUTSRegion>

    public init(_ regions: CodeList<NUTSRegion>) {
        self.regions = regions
    }

    /// The version of the loaded list.
    public var version: String { regions.version }

    /// The region with this code, if the list has it.
    public func region(code: String) -> NUTSRegion? {
        regions.entry(code: Self.normalize(code))
    }

    /// True when `code` is a region of the list and lies in `country`. `country` is an
    /// ISO 3166-1 alpha-2 code (`GR`, `GB`); the NUTS prefixes `EL` and `UK` work too.
    /// The country itself (level 0) counts as lying in it.
    public func isRegion(_ code: String, inCountry country: String) -> Bool {
        guard let region = region(code: code) else { return false }
        let prefix = Countries.nutsPrefix(forISO: country.trimmingSpaces().uppercased())
        return region.country == prefix
    }

    /// The nearest ancestor of `code` that the list has; nil for a country or an unknown
    /// code (see the type's note on skipped levels).
    public func parent(of code: String) -> NUTSRegion? {
        guard region(code: code) != nil else { return nil }
        var current = Self.normalize(code)
        while let up = Self.parentCode(of: current) {
            if let found = regions.entry(code: up) { return found }
            current = up
        }
        return nil
    }

    /// The regions directly below `code` in the loaded list (nearest loaded level).
    public func children(of code: String) -> [NUTSRegion] {
        let canonical = Self.normalize(code)
        return regions.entries.filter { $0.code != canonical && parent(of: $0.code)?.code == canonical }
    }

    /// All regions of a country (ISO or NUTS prefix), optionally of one level.
    public func regions(inCountry country: String, level: Int? = nil) -> [NUTSRegion] {
        let prefix = Countries.nutsPrefix(forISO: country.trimmingSpaces().uppercased())
        return regions.entries.filter { $0.country == prefix && (level == nil || $0.level == level) }
    }

    /// The structural parent code (`PL841` → `PL84`, `PL8` → `PL`); nil for a country
    /// code or a string too short to be a region. Does not consult any list.
    public static func parentCode(of code: String) -> String? {
        let canonical = normalize(code)
        guard canonical.count > 2 else { return nil }
        return String(canonical.dropLast())
    }

    /// True when `descendant` lies within `ancestor` by code (`PL84` contains `PL841`).
    /// A region contains itself, so a filter on `PL84` keeps records coded `PL84` too.
    /// Purely structural: neither code has to be in a loaded list, but both must look
    /// like NUTS codes (two letters, then up to three letters or digits).
    public static func contains(ancestor: String, descendant: String) -> Bool {
        let a = normalize(ancestor), d = normalize(descendant)
        guard isWellFormed(a), isWellFormed(d) else { return false }
        return d.hasPrefix(a)
    }

    /// Trimmed and upper-cased: the canonical spelling of a NUTS code.
    public static func normalize(_ code: String) -> String {
        code.trimmingSpaces().uppercased()
    }

    /// Two ASCII letters, then zero to three ASCII letters or digits.
    static func isWellFormed(_ code: String) -> Bool {
        let scalars = Array(code.unicodeScalars)
        guard (2...5).contains(scalars.count) else { return false }
        let letter: (Unicode.Scalar) -> Bool = { ("A"..."Z").contains($0) }
        let digit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        return letter(scalars[0]) && letter(scalars[1])
            && scalars.dropFirst(2).allSatisfy { letter($0) || digit($0) }
    }
}

extension NUTS {
    /// The header names accepted for each column: the bundled seed's, then GISCO's.
    static let codeColumns = ["code", "NUTS_ID"]
    static let levelColumns = ["level", "LEVL_CODE"]
    static let countryColumns = ["country", "CNTR_CODE"]
    static let nameColumns = ["name", "NAME_LATN"]

    /// Reads a NUTS list from CSV: either the bundled seed format (`code,level,country,name`)
    /// or a Eurostat GISCO export (`NUTS_ID, LEVL_CODE, CNTR_CODE, NAME_LATN`), in any
    /// column order, other columns ignored. Every row is checked: code shape, level equal
    /// to code length − 2, code starting with its country prefix, a name, no duplicates.
    public static func parse(csv: String, version: String) throws(CodeListError) -> NUTS {
        let list = "NUTS \(version)"
        guard !version.isEmpty else { throw .empty(list: list) }
        let table = try CodeListCSV.table(csv, list: list)
        let codeColumn = try CodeListCSV.column(table, codeColumns, list: list)
        let levelColumn = try CodeListCSV.column(table, levelColumns, list: list)
        let countryColumn = try CodeListCSV.column(table, countryColumns, list: list)
        let nameColumn = try CodeListCSV.column(table, nameColumns, list: list)

        var entries: [NUTSRegion] = []
        entries.reserveCapacity(table.rows.count)
        for row in table.rows {
            let code = normalize(try CodeListCSV.field(row, codeColumn, list: list))
            let levelText = try CodeListCSV.field(row, levelColumn, list: list)
            let country = normalize(try CodeListCSV.field(row, countryColumn, list: list))
            let name = try CodeListCSV.field(row, nameColumn, list: list)
            guard isWellFormed(code) else {
                throw .invalidRow(list: list, line: row.line, reason: "'\(code)' is not a NUTS code")
            }
            guard let level = Int(levelText), level == code.count - 2 else {
                throw .invalidRow(list: list, line: row.line, reason: "level '\(levelText)' does not fit code \(code)")
            }
            guard code.hasPrefix(country), country.count == 2 else {
                throw .invalidRow(list: list, line: row.line, reason: "code \(code) is not in country '\(country)'")
            }
            guard !name.isEmpty else {
                throw .invalidRow(list: list, line: row.line, reason: "code \(code) has no name")
            }
            entries.append(NUTSRegion(code: code, level: level, country: country, name: name, version: version))
        }
        guard !entries.isEmpty else { throw .empty(list: list) }
        return NUTS(try CodeList(name: list, version: version, entries: entries))
    }
}
