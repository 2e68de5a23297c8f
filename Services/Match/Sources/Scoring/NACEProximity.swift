import TIBSDomain

/// How close two NACE codes are, from their digits and the Rev. 2 division → section table
/// (the codes arrive without their version; Rev. 2.1 keeps most divisions in the same section).
///
/// fit(need code, candidate code): same class (4 digits) 1; same group (3 digits) 0.75; same
/// division (2 digits) 0.5; same section 0.25; otherwise 0. Codes are compared only as deep as
/// both go: "62" against "62.01" is a division match (0.5). The part is the best fit over every
/// pair of the need's and the candidate's codes; 0 when either has none.
public enum NACEProximity {
    /// Rev. 2 sections by their first and last division.
    static let sections: [(first: Int, last: Int, section: Character)] = [
        (1, 3, "A"), (5, 9, "B"), (10, 33, "C"), (35, 35, "D"), (36, 39, "E"), (41, 43, "F"), (45, 47, "G"),
        (49, 53, "H"), (55, 56, "I"), (58, 63, "J"), (64, 66, "K"), (68, 68, "L"), (69, 75, "M"), (77, 82, "N"),
        (84, 84, "O"), (85, 85, "P"), (86, 88, "Q"), (90, 93, "R"), (94, 96, "S"), (97, 98, "T"), (99, 99, "U"),
    ]

    /// The digits of a code ("62.01" → "6201"), nil for a section letter or a malformed code.
    public static func digits(_ code: String) -> String? {
        guard let canonical = NACE.normalize(code), canonical.first?.isNumber == true else { return nil }
        return canonical.filter { $0 != "." }
    }

    /// The two-digit division of a code, nil when it has none.
    public static func division(_ code: String) -> String? {
        digits(code).map { String($0.prefix(2)) }
    }

    /// The Rev. 2 section letter of a division ("62" → "J").
    public static func section(ofDivision division: String) -> Character? {
        guard let number = Int(division) else { return nil }
        return sections.first { $0.first <= number && number <= $0.last }?.section
    }

    /// The fit of one pair of codes.
    public static func fit(_ needCode: String, _ candidateCode: String) -> Double {
        guard let need = digits(needCode), let candidate = digits(candidateCode) else { return 0 }
        let depth = min(need.count, candidate.count)
        let common = zip(need, candidate).prefix { $0 == $1 }.count
        if common >= depth {
            switch depth {
            case 4...: return 1
            case 3: return 0.75
            default: return 0.5
            }
        }
        if common >= 3 { return 0.75 }
        if common >= 2 { return 0.5 }
        let needSection = section(ofDivision: String(need.prefix(2)))
        return needSection != nil && needSection == section(ofDivision: String(candidate.prefix(2))) ? 0.25 : 0
    }

    /// The best fit over every pair.
    public static func fit(need: [String], candidate: [String]) -> Double {
        var best = 0.0
        for needCode in need { for candidateCode in candidate { best = max(best, fit(needCode, candidateCode)) } }
        return best
    }
}
