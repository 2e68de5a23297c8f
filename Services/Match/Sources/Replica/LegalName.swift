import Foundation

/// The form of a legal name duplicates are compared in: case and diacritics folded (also
/// Ł→l, ø→o, ß→ss, æ→ae), punctuation dropped, and legal-form words removed wherever they lead
/// or trail ("SIA", "Sp. z o.o.", "ApS", "GmbH", "Oy", "UAB", "AB", "AS", "OÜ", "Ltd" …), so
/// "UAB „Žalias Vėjas“" and "Zalias Vejas, UAB" compare equal.
enum LegalName {
    /// Legal forms of the Baltic Sea region, as word sequences of the folded name.
    static let forms: [[String]] = [
        ["sp", "z", "o", "o"], ["sp", "k"], ["s", "a"], ["a", "s"], ["o", "u"],
        ["sia"], ["as"], ["aps"], ["a/s"], ["gmbh"], ["ag"], ["kg"], ["oy"], ["oyj"], ["uab"], ["ab"], ["ou"], ["mtu"],
        ["ltd"], ["limited"], ["plc"], ["sa"], ["spa"], ["bv"], ["nv"], ["se"], ["ug"], ["ik"], ["ks"], ["tu"], ["ay"], ["ky"],
    ]

    static let letters: [Character: String] = ["ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "đ": "d", "ð": "d", "þ": "th", "ı": "i"]

    static func normalise(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        var plain = ""
        for character in folded {
            if let replacement = letters[character] {
                plain += replacement
            } else if character.isLetter || character.isNumber {
                plain.append(character)
            } else {
                plain.append(" ")
            }
        }
        var words = plain.split(separator: " ").map(String.init)
        var changed = true
        while changed && !words.isEmpty {
            changed = false
            for form in forms where words.count > form.count {
                if Array(words.suffix(form.count)) == form {
                    words.removeLast(form.count)
                    changed = true
                } else if Array(words.prefix(form.count)) == form {
                    words.removeFirst(form.count)
                    changed = true
                }
            }
        }
        return words.joined(separator: " ")
    }

    /// A registration id as compared: upper case, without spaces, dots, dashes or slashes.
    static func registrationKey(_ id: String) -> String {
        String(id.uppercased().filter { $0.isLetter || $0.isNumber })
    }
}
