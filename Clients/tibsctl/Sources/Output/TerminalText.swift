/// Makes text from servers and files safe to print on a terminal: a stored name holding ESC
/// (`\u{1B}[31m`) would otherwise recolour or rewrite the screen, and a bidi override (U+202E)
/// would show the rest of a line reversed.
public enum TerminalText {
    /// Replaces every control character (C0 and DEL, C1), every format character (bidi
    /// embeddings, overrides and isolates, zero-width marks) and the line and paragraph
    /// separators with a visible `\u{XXXX}` escape; printable text is left as it is.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: true
        default: false
        }
    }

    /// Escapes each line of a multi-line message, keeping its line breaks.
    public static func escapeLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "\n")
    }
}
