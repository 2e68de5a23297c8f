/// Checks of the match commands' flags made before any call, so a typo exits 2 (usage) naming the
/// flag instead of costing a round trip. The server validates everything again.
enum MatchInput {
    /// A YYYY-MM-DD calendar day (proleptic Gregorian; February 29 only in leap years).
    static func date(_ text: String, flag: String) throws(CLIFailure) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
            throw CLIFailure.usage("\(flag): '\(text)' is not a date YYYY-MM-DD")
        }
        return text
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// ISO 3166-1 alpha-2 codes of a comma-separated list, upper-cased, each once.
    static func countries(_ text: String?, flag: String) throws(CLIFailure) -> [String] {
        var codes: [String] = []
        for item in splitList(text) {
            guard item.count == 2, item.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("a"..."z").contains($0) }) else {
                throw CLIFailure.usage("\(flag): '\(item)' is not a two-letter country code (ISO 3166-1 alpha-2)")
            }
            if !codes.contains(item.uppercased()) { codes.append(item.uppercased()) }
        }
        return codes
    }

    /// An id as given: not empty, no spaces or control characters.
    static func id(_ text: String, what: String) throws(CLIFailure) -> String {
        guard !text.isEmpty, !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) else {
            throw CLIFailure.usage("\(what): '\(TerminalText.escape(text))' is not an id")
        }
        return text
    }
}
