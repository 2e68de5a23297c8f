/// The NACE classification of economic activities, in every loaded version.
///
/// Both Rev. 2 ("2") and Rev. 2.1 ("2.1") are in use: registers moved to Rev. 2.1 in
/// 2025 and much existing data still carries Rev. 2 codes, so every lookup names the
/// version. The same code can differ between versions (62.01 is a Rev. 2 class only;
/// division 62 is in section J in Rev. 2 and in K in Rev. 2.1).
///
/// Canonical spelling: sections are one upper-case letter (`J`); divisions two digits
/// (`62`); groups `62.0`; classes `62.01`. Lookups accept the dotless form (`6201`,
/// `620`), surrounding spaces and a lower-case section letter, via ``normalize(_:)``.
/// Store the canonical form.
public struct NACE: Sendable {
    /// The version string of NACE Rev. 2.
    public static let rev2 = "2"
    /// The version string of NACE Rev. 2.1.
    public static let rev2_1 = "2.1"

    /// The loaded lists by version.
    public let lists: [String: CodeList<NACEEntry>]
    /// The section of every code, by version and canonical code: looked up for each code of
    /// every SME written (its filter column), so the hierarchy is walked once, at load.
    private let sections: [String: [String: NACEEntry]]

    /// Combines lists of different versions; throws when a version appears twice.
    public init(_ lists: [CodeList<NACEEntry>]) throws(CodeListError) {
        var byVersion: [String: CodeList<NACEEntry>] = [:]
        for list in lists {
            guard byVersion.updateValue(list, forKey: list.version) == nil else {
                throw .duplicateCode(list: "NACE versions", code: list.version)
            }
        }
        self.lists = byVersion
        self.sections = byVersion.mapValues { list in
            Dictionary(uniqueKeysWithValues: list.entries.compactMap { entry in
                Self.topmost(entry, in: list).map { (entry.code, $0) }
            })
        }
    }

    /// The loaded versions, sorted ("2", "2.1").
    public var versions: [String] { lists.keys.sorted() }

    /// The list of one version, if loaded.
    public func list(version: String) -> CodeList<NACEEntry>? { lists[version] }

    /// The entry for `code` (any accepted spelling) in `version`, or nil.
    public func entry(code: String, version: String) -> NACEEntry? {
        guard let canonical = Self.normalize(code) else { return nil }
        return lists[version]?.entry(code: canonical)
    }

    /// True when `code` (any accepted spelling) exists in `version`.
    public func isValid(code: String, version: String) -> Bool {
        entry(code: code, version: version) != nil
    }

    /// True when the stored code exists in its version.
    public func isValid(_ code: VersionedCode) -> Bool {
        isValid(code: code.code, version: code.version)
    }

    /// The chain above `code`, nearest first: for a class its group, division and
    /// section. Empty for a section or an unknown code.
    public func ancestors(of code: String, version: String) -> [NACEEntry] {
        guard let entry = entry(code: code, version: version) else { return [] }
        return ancestors(of: entry)
    }

    /// The chain above `entry`, nearest first, within the entry's own version.
    public func ancestors(of entry: NACEEntry) -> [NACEEntry] {
        guard let list = lists[entry.version] else { return [] }
        return Self.ancestors(of: entry, in: list)
    }

    /// A section entry itself, else the top of its chain of parents.
    private static func topmost(_ entry: NACEEntry, in list: CodeList<NACEEntry>) -> NACEEntry? {
        entry.level == .section ? entry : ancestors(of: entry, in: list).last
    }

    private static func ancestors(of entry: NACEEntry, in list: CodeList<NACEEntry>) -> [NACEEntry] {
        var chain: [NACEEntry] = []
        var current = entry
        while let parentCode = current.parent, let parent = list.entry(code: parentCode) {
            chain.append(parent)
            current = parent
        }
        return chain
    }

    /// The section (level 1) a code belongs to in `version`; a section is its own.
    public func section(of code: String, version: String) -> NACEEntry? {
        guard let canonical = Self.normalize(code) else { return nil }
        return sections[version]?[canonical]
    }

    /// The direct children of `code` in `version`, in source order.
    public func children(of code: String, version: String) -> [NACEEntry] {
        guard let canonical = Self.normalize(code), let list = lists[version] else { return [] }
        return list.entries.filter { $0.parent == canonical }
    }

    /// Whether `code` falls under a "NACE prefix" filter in `version`.
    ///
    /// A prefix that is a section letter (`J`) matches every code of that section in
    /// that version. Otherwise the prefix is compared on digits only, so `62`, `62.0`
    /// and `620` all match `62.01`, and `6` matches divisions 60–69. A code matches a
    /// prefix equal to itself. An empty or malformed prefix matches nothing.
    public func matches(code: String, prefix: String, version: String) -> Bool {
        guard let canonical = Self.normalize(code) else { return false }
        let wanted = prefix.trimmingSpaces().uppercased()
        if wanted.count == 1, let letter = wanted.unicodeScalars.first, ("A"..."Z").contains(letter) {
            return section(of: canonical, version: version)?.code == wanted
        }
        guard isValid(code: canonical, version: version) else { return false }
        return Self.digitPrefixMatches(code: canonical, prefix: wanted)
    }

    /// The digit-only prefix test behind ``matches(code:prefix:version:)``, without a
    /// list: true when the digits of `code` start with the digits of `prefix`.
    /// Section letters never match here (they need a version's hierarchy).
    public static func digitPrefixMatches(code: String, prefix: String) -> Bool {
        let prefixDigits = prefix.unicodeScalars.filter { $0 != "." && $0 != " " }
        guard !prefixDigits.isEmpty, prefixDigits.allSatisfy({ ("0"..."9").contains($0) }),
              let canonical = normalize(code) else { return false }
        let codeDigits = canonical.unicodeScalars.filter { $0 != "." }
        return codeDigits.starts(with: prefixDigits)
    }

    /// The canonical spelling of `raw`, or nil when it cannot be a NACE code.
    ///
    /// Accepts `62.01`, `6201`, ` 62.01 `, `62.0`, `620`, `62`, `j`. Rejects one-digit
    /// divisions (`6.2`), dots in other places (`620.1`) and more than four digits.
    public static func normalize(_ raw: String) -> String? {
        let text = raw.trimmingSpaces().uppercased()
        let scalars = Array(text.unicodeScalars)
        if scalars.count == 1, ("A"..."Z").contains(scalars[0]) { return text }
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        let digits: [Unicode.Scalar]
        if scalars.count >= 3, scalars[2] == "." {
            digits = Array(scalars[0..<2] + scalars[3...])
            guard digits.count >= 3 else { return nil }
        } else {
            digits = scalars
        }
        guard (2...4).contains(digits.count), digits.allSatisfy(isDigit) else { return nil }
        var result = String(String.UnicodeScalarView(digits[0..<2]))
        if digits.count > 2 {
            result += "." + String(String.UnicodeScalarView(digits[2...]))
        }
        return result
    }
}
