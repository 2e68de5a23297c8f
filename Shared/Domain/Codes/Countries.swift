/// A country by ISO 3166-1 alpha-2 code, with the memberships TIBS filters on.
public struct Country: Sendable, Hashable, Codable {
    /// ISO 3166-1 alpha-2, upper case: `LV`, `GR`, `GB`.
    public let code: String
    /// The English short name as published by ISO.
    public let name: String
    /// Member of the European Union.
    public let isEU: Bool
    /// Member of the European Economic Area (the EU members plus Iceland, Liechtenstein
    /// and Norway), so every EU member is also EEA.
    public let isEEA: Bool
    /// A Baltic Sea Region country of the Interreg BSR programme: DK, EE, FI, DE, LV, LT,
    /// PL, SE and NO. (Germany takes part with its northern Länder only; see NUTS.)
    public let isBSR: Bool

    /// The prefix NUTS uses for this country (`EL` for `GR`, `UK` for `GB`).
    public var nutsPrefix: String { Countries.nutsPrefix(forISO: code) }
}

/// ISO 3166-1 alpha-2 countries: validation, names and EU / EEA / BSR membership.
///
/// The table is code, not data, because ISO codes change rarely and every service needs
/// them before any admin data exists. The memberships are as of 2026.
public enum Countries {
    /// The version of the table: the ISO list as shipped in iso-codes 4.15 (2023).
    public static let version = "2023"

    /// The 27 EU member states.
    public static let euMembers: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ]
    /// The EEA members: the EU plus Iceland, Liechtenstein and Norway.
    public static let eeaMembers: Set<String> = euMembers.union(["IS", "LI", "NO"])
    /// The Baltic Sea Region countries.
    public static let bsrMembers: Set<String> = ["DK", "EE", "FI", "DE", "LV", "LT", "PL", "SE", "NO"]

    /// Every officially assigned country, sorted by code.
    public static let all: [Country] = table.map { row in
        Country(code: row.code, name: row.name,
                isEU: euMembers.contains(row.code),
                isEEA: eeaMembers.contains(row.code),
                isBSR: bsrMembers.contains(row.code))
    }

    private static let byCode: [String: Country] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    /// The country for an alpha-2 code. Exact match: callers pass upper case
    /// (`lv` is not accepted, so stored data stays canonical).
    public static func country(_ code: String) -> Country? {
        byCode[code]
    }

    /// Trimmed and upper-cased: the canonical spelling of a country code. Requests are
    /// normalised with it before validation, as NUTS codes are with `NUTS.normalize`, so `lv`
    /// and `lv008` are read alike (as `LV`, `LV008`) and stored data stays canonical.
    public static func normalize(_ code: String) -> String {
        code.trimmingSpaces().uppercased()
    }

    /// True for an officially assigned ISO 3166-1 alpha-2 code in upper case.
    /// `EL`, `UK` and `EU` are not countries here; map NUTS prefixes with
    /// ``isoCode(forNUTSPrefix:)`` first.
    public static func isValid(_ code: String) -> Bool {
        byCode[code] != nil
    }

    /// The NUTS country prefix for an ISO code: `GR` → `EL`, `GB` → `UK`, else unchanged.
    public static func nutsPrefix(forISO code: String) -> String {
        isoToNUTS[code] ?? code
    }

    /// The ISO code for a NUTS country prefix: `EL` → `GR`, `UK` → `GB`, else unchanged.
    public static func isoCode(forNUTSPrefix prefix: String) -> String {
        nutsToISO[prefix] ?? prefix
    }

    private static let isoToNUTS: [String: String] = ["GR": "EL", "GB": "UK"]
    private static let nutsToISO: [String: String] = ["EL": "GR", "UK": "GB"]
}
