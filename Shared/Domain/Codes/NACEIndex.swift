/// A list column that lets SQL filter entities by NACE prefix without a join: each code as its
/// section letter followed by its digits, comma-separated (`,J6201,C2899,`). Every service that
/// filters by NACE (the registry's SMEs, the catalogue's resources) stores and queries it this way.
public enum NACEIndex {
    /// The token of one code: section letter, then the code's digits (`J6201`); `_` for an
    /// unknown section.
    public static func token(_ code: VersionedCode, in nace: NACE) -> String {
        (nace.section(of: code.code, version: code.version)?.code ?? "_") + code.code.filter { $0 != "." }
    }

    /// The LIKE pattern over the column for a section letter ("J") or digit prefix ("62",
    /// "62.0"), or nil when the prefix is malformed.
    public static func pattern(prefix: String) -> String? {
        let scalars = Array(prefix.unicodeScalars)
        if scalars.count == 1, ("A"..."Z").contains(scalars[0]) { return "%,\(prefix)%" }
        let digits = scalars.filter { $0 != "." }
        guard (1...4).contains(digits.count), digits.allSatisfy({ ("0"..."9").contains($0) }),
              prefix.first != "." else { return nil }
        return "%,_" + String(String.UnicodeScalarView(digits)) + "%"
    }
}
