/// One code as a client's pick list shows it: the same shape for every list, so one API method
/// (`tibs.codes.v1.CodeLists/ListCodes`) answers all of them.
public struct PublishedCode: Sendable, Hashable {
    /// The canonical code, as services store and compare it.
    public let code: String
    public let label: String
    /// The depth in the list's hierarchy (NACE 1–4, NUTS 0–3); 0 in flat lists.
    public let level: Int
    /// The nearest entry above in the same list; empty at the top and in flat lists.
    public let parent: String
    /// Code and label lower-cased once, for the case-insensitive search.
    let searchText: String

    public init(code: String, label: String, level: Int = 0, parent: String = "") {
        self.code = code
        self.label = label
        self.level = level
        self.parent = parent
        self.searchText = code.lowercased() + "\n" + label.lowercased()
    }
}

/// One version of one code list under its published name ("nace", "2.1").
public struct PublishedCodeList: Sendable {
    public let name: String
    public let version: String
    /// What the list is, for people: "NACE Rev. 2.1, statistical classification of economic activities".
    public let title: String
    /// In the list's own order (hierarchies top-down, each entry after its parent).
    public let entries: [PublishedCode]
    private let positions: [String: Int]

    init(name: String, version: String, title: String, entries: [PublishedCode]) {
        self.name = name
        self.version = version
        self.title = title
        self.entries = entries
        self.positions = Dictionary(entries.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `nace-2.1`: how violations and docs name this version of the list.
    public var id: String { CodeListCatalog.id(name, version) }

    /// Where `code` stands in ``entries``, nil when the list has no such code (a page cursor).
    public func position(of code: String) -> Int? { positions[code] }

    /// The entries whose code or label contains `search`, compared case-insensitively; every
    /// entry for an empty search. In list order.
    public func matching(_ search: String) -> [PublishedCode] {
        let wanted = search.lowercased()
        guard !wanted.isEmpty else { return entries }
        return entries.filter { $0.searchText.contains(wanted) }
    }
}

/// Every code list a service validates with, under the names clients use (ListCodes, `tibsctl
/// codes`, and the hint of every "is not a … code" violation): the loaded ``CodeLists`` (NACE in
/// each version, NUTS, S3 areas, the survey's answer codes) and the fixed tables (TRL, ISO
/// countries).
public struct CodeListCatalog: Sendable {
    /// The published names, in the order ListCodes' violations list them.
    public enum Name {
        public static let nace = "nace"
        public static let nuts = "nuts"
        public static let s3 = "s3"
        public static let trl = "trl"
        public static let country = "country"
        /// `survey-barrier`, `survey-success-reason`, …: one list per coded survey question.
        public static func survey(_ question: SurveyQuestion) -> String { "survey-" + question.rawValue }
    }

    /// The lists by name, each version oldest first.
    private let lists: [String: [PublishedCodeList]]
    private let defaults: [String: String]
    /// Every name, in a fixed order: NACE, NUTS, S3, TRL, countries, then the survey lists.
    public let names: [String]

    public init(codes: CodeLists) {
        var lists: [String: [PublishedCodeList]] = [:]
        var defaults: [String: String] = [:]
        var names: [String] = []
        func add(_ name: String, default version: String, _ versions: [PublishedCodeList]) {
            names.append(name)
            lists[name] = versions.sorted { $0.version < $1.version }
            defaults[name] = version
        }
        add(Name.nace, default: CodeRules.defaultNACEVersion, codes.nace.versions.compactMap { version in
            codes.nace.list(version: version).map { list in
                PublishedCodeList(name: Name.nace, version: version,
                                  title: "NACE Rev. \(version), statistical classification of economic activities",
                                  entries: Self.topDown(list.entries.map {
                                      PublishedCode(code: $0.code, label: $0.title, level: $0.level.rawValue, parent: $0.parent ?? "")
                                  }))
            }
        })
        add(Name.nuts, default: codes.nuts.version, [PublishedCodeList(
            name: Name.nuts, version: codes.nuts.version, title: "NUTS \(codes.nuts.version) regions loaded by this service",
            entries: Self.topDown(codes.nuts.regions.entries.map {
                PublishedCode(code: $0.code, label: $0.name, level: $0.level, parent: codes.nuts.parent(of: $0.code)?.code ?? "")
            }))])
        add(Name.s3, default: codes.s3.version, [PublishedCodeList(
            name: Name.s3, version: codes.s3.version, title: "Smart-specialisation (S3) areas, list \(codes.s3.version)",
            entries: codes.s3.areas.entries.map { PublishedCode(code: $0.code, label: $0.label) })])
        add(Name.trl, default: TRL.version, [PublishedCodeList(
            name: Name.trl, version: TRL.version, title: "Technology readiness levels (Horizon 2020 General Annex G)",
            entries: TRL.allCases.map { PublishedCode(code: String($0.level), label: $0.label) })])
        add(Name.country, default: Countries.version, [PublishedCodeList(
            name: Name.country, version: Countries.version, title: "ISO 3166-1 alpha-2 countries",
            entries: Countries.all.map { PublishedCode(code: $0.code, label: $0.name) })])
        for question in SurveyQuestion.allCases {
            let name = Name.survey(question)
            add(name, default: codes.survey.version, [PublishedCodeList(
                name: name, version: codes.survey.version, title: "Survey answer codes: \(question.rawValue), list \(codes.survey.version)",
                entries: codes.survey.codes(question).map { PublishedCode(code: $0.code, label: $0.label) })])
        }
        self.lists = lists
        self.defaults = defaults
        self.names = names
    }

    /// The catalogue of the bundled lists, built once.
    public static let bundled = CodeListCatalog(codes: .bundled)

    /// The versions of list `name` (as given, or lower-cased), oldest first; empty for an unknown name.
    public func versions(of name: String) -> [String] { (lists[name.lowercased()] ?? []).map(\.version) }

    /// The version a request that leaves a code's version empty means, nil for an unknown name.
    public func defaultVersion(of name: String) -> String? { defaults[name.lowercased()] }

    /// One version of list `name` (lower-cased); nil `version` means the default one.
    public func list(_ name: String, version: String? = nil) -> PublishedCodeList? {
        let name = name.lowercased()
        guard let wanted = version ?? defaults[name] else { return nil }
        return lists[name]?.first { $0.version == wanted }
    }

    /// `nace-2.1`.
    static func id(_ name: String, _ version: String) -> String { "\(name)-\(version)" }

    /// What ends every "is not a … code" violation: where the valid codes are listed, e.g.
    /// "(code list nace-2.1; see ListCodes or `tibsctl codes nace`)"; `--version` is named when
    /// `version` is not `defaultVersion` (nil: `version` is the list's only one). Bounded: names
    /// and versions come from the server's own lists (a version it does not have is refused
    /// before this is said).
    public static func hint(_ name: String, version: String, defaultVersion: String? = nil) -> String {
        let command = "tibsctl codes \(name)" + (version == (defaultVersion ?? version) ? "" : " --version \(version)")
        return "(code list \(id(name, version)); see ListCodes or `\(command)`)"
    }

    /// The description of a violation for a code that is not in a list: "'62.01' is not a NACE
    /// Rev. 2.1 code (code list nace-2.1; see ListCodes or `tibsctl codes nace`)"; without `value`
    /// (the field path names the input) "is not a …". The value is quoted as ``quoted(_:)`` does.
    public static func notInList(_ value: String?, isNot what: String, list name: String, version: String,
                                 defaultVersion: String? = nil) -> String {
        (value.map { quoted($0) + " " } ?? "") + "is not \(what) " + hint(name, version: version, defaultVersion: defaultVersion)
    }

    /// `value` in single quotes for a message: at most 40 characters (then `…`), a control or
    /// bidirectional formatting character shown as `?`, so a violation stays short and safe to print.
    public static func quoted(_ value: String) -> String {
        let limit = 40
        var shown = ""
        for character in value.prefix(limit) {
            shown += TextRules.forbiddenScalar(in: String(character)) == nil ? String(character) : "?"
        }
        return "'" + shown + (value.count > limit ? "…" : "") + "'"
    }

    /// A hierarchy depth first: each entry right after its parent, siblings in code order (NACE
    /// sections A, B, …; divisions 01, 02, …), so a pick list can indent by level as it reads.
    /// The source files need not be in that order (the NACE files list sections last).
    private static func topDown(_ codes: [PublishedCode]) -> [PublishedCode] {
        let known = Set(codes.map(\.code))
        var children: [String: [PublishedCode]] = [:]
        for code in codes { children[known.contains(code.parent) ? code.parent : "", default: []].append(code) }
        var ordered: [PublishedCode] = []
        ordered.reserveCapacity(codes.count)
        var stack = (children[""] ?? []).sorted { $0.code > $1.code }
        while let next = stack.popLast() {
            ordered.append(next)
            stack += (children[next.code] ?? []).sorted { $0.code > $1.code }
        }
        return ordered
    }
}
