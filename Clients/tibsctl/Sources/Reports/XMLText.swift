/// Text from users (institution names, labels, upstream names) made safe inside an XHTML report:
/// controls and bidi or zero-width characters become visible `\u{XXXX}` escapes (as on the
/// terminal, ``TerminalText``; characters XML 1.0 forbids could otherwise break the parse), then the
/// five XML specials become entities, so a name can never open an element or close an attribute.
enum XMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in TerminalText.escape(text) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// ` name="value"` with the value escaped.
    static func attribute(_ name: String, _ value: String) -> String {
        " \(name)=\"\(escape(value))\""
    }

    /// `<name attributes>text</name>` with the text escaped.
    static func element(_ name: String, _ text: String, attributes: [(String, String)] = []) -> String {
        "<\(name)\(attributes.map { attribute($0.0, $0.1) }.joined())>\(escape(text))</\(name)>"
    }
}
