import Foundation

/// Turns titles, descriptions and keywords into the terms text relevance compares, the same way
/// for needs and candidates so "Łódź" finds "lodz" and "printing" finds "print":
///
/// 1. fold: lower case, then the letters Unicode folding leaves alone mapped explicitly
///    (ł→l, ø→o, æ→ae, ß→ss, đ/ð→d, þ→th, œ→oe, ı→i, ħ→h), then case and diacritic folding
///    (ü→u, ó→o, ź→z, ā→a, ė→e, š→s …);
/// 2. tokenise on every character that is not a letter or a digit;
/// 3. drop one-letter tokens and the English stop words in ``stopWords``;
/// 4. stem with ``EnglishStemmer`` (tokens without digits only).
public enum TextAnalyzer {
    /// Letters that `folding(options: .diacriticInsensitive)` does not reduce (they are not a
    /// base letter plus a combining mark).
    static let explicitFolds: [Character: String] = [
        "ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "œ": "oe", "ı": "i", "ħ": "h",
    ]

    /// Function words that say nothing about a need or an offer.
    public static let stopWords: Set<String> = [
        "about", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can", "for", "from",
        "has", "have", "in", "into", "is", "it", "its", "of", "on", "or", "our", "than", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "those", "to", "us", "via", "was", "we", "were", "which", "who",
        "will", "with", "within", "you", "your",
    ]

    /// Lower case without diacritics: "Łódź" → "lodz", "Müller" → "muller", "Straße" → "strasse".
    public static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var mapped = ""
        mapped.reserveCapacity(text.utf8.count)
        for character in text.lowercased() {
            if let replacement = explicitFolds[character] { mapped += replacement } else { mapped.append(character) }
        }
        return mapped.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// The folded tokens of `text`, in order, before stop words and stemming.
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for character in fold(text) {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                tokens.append(current)
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// The terms of `text`, in order (repeats kept): folded, tokenised, stop words and one-letter
    /// tokens dropped, stemmed.
    public static func terms(_ text: String) -> [String] {
        tokens(text).compactMap { token in
            guard token.count > 1 || token.allSatisfy(\.isNumber), !stopWords.contains(token) else { return nil }
            return EnglishStemmer.stem(token)
        }
    }
}
