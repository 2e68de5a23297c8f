import Foundation

/// Syntax and length rules for free text fields, shared by every service's validation.
///
/// The checks are pure and deliberately pragmatic: they catch typos and garbage, not
/// every corner of the RFCs. A syntactically valid e-mail address or URL may still not
/// exist; nothing here does I/O.
public enum TextRules {
    /// Length as users perceive it: grapheme clusters, so "é" or "🇱🇻" count as one.
    /// Limits in the domain are in these units, not bytes or UTF-16 units.
    public static func length(_ text: String) -> Int {
        text.count
    }

    /// True when `text` has at most `max` grapheme clusters (and at least `min`).
    public static func isWithinLength(_ text: String, min: Int = 0, max: Int) -> Bool {
        let count = length(text)
        return count >= min && count <= max
    }

    /// True when `text` has something other than whitespace and line breaks.
    public static func isTrimmedNonEmpty(_ text: String) -> Bool {
        text.contains { !$0.isWhitespace }
    }

    /// `text` without leading and trailing whitespace and line breaks.
    public static func trimmed(_ text: String) -> String {
        text.trimmingSpaces()
    }

    /// The first character no text field may hold, or nil: C0 controls (ESC starts terminal
    /// sequences, NUL ends C strings), DEL, C1 controls, and the bidirectional embedding,
    /// override and isolate controls (U+202A–U+202E, U+2066–U+2069) that make text read in
    /// another order than it is stored ("Trojan Source"). Long texts (`allowLineBreaks`) may
    /// hold line feeds, carriage returns and tabs.
    ///
    /// Decided on UTF-8 bytes: every forbidden scalar has a fixed one- to three-byte form, so
    /// no Unicode property lookup is needed.
    public static func forbiddenScalar(in text: String, allowLineBreaks: Bool = false) -> Unicode.Scalar? {
        var utf8 = text.utf8.makeIterator()
        var previous: (UInt8, UInt8) = (0, 0)
        while let byte = utf8.next() {
            defer { previous = (previous.1, byte) }
            switch byte {
            case 0x00..<0x20:
                if allowLineBreaks, byte == 0x0A || byte == 0x0D || byte == 0x09 { continue }
                return Unicode.Scalar(byte)
            case 0x7F:
                return Unicode.Scalar(byte)
            case 0x80...0x9F where previous.1 == 0xC2:
                return Unicode.Scalar(UInt32(byte))
            case 0xAA...0xAE where previous == (0xE2, 0x80):
                return Unicode.Scalar(0x2000 + UInt32(byte & 0x3F))
            case 0xA6...0xA9 where previous == (0xE2, 0x81):
                return Unicode.Scalar(0x2040 + UInt32(byte & 0x3F))
            default:
                continue
            }
        }
        return nil
    }

    /// True for an officially assigned ISO 3166-1 alpha-2 code in upper case.
    public static func isISOCountry(_ code: String) -> Bool {
        Countries.isValid(code)
    }

    /// Pragmatic e-mail syntax: `local@domain.tld`.
    ///
    /// Accepts: exactly one `@`; no whitespace or control characters; a local part of
    /// 1–64 characters without `"(),:;<>[\]`, not starting or ending with a dot and without
    /// `..`; a domain of at least two labels, each 1–63 letters, digits or hyphens (letters
    /// may be non-ASCII for internationalised domains), not starting or ending with a
    /// hyphen, the last label at least two characters and not all digits; at most 254
    /// characters in all. Rejects quoted local parts and IP-literal domains.
    public static func isValidEmail(_ text: String) -> Bool {
        guard text.count <= 254, !text.isEmpty,
              !text.unicodeScalars.contains(where: isSpaceOrControl) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = parts[1]
        guard (1...64).contains(local.count),
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains(".."),
              !local.unicodeScalars.contains(where: { forbiddenInLocal.contains($0) }) else { return false }
        return isValidDomain(String(domain), requireDot: true)
    }

    /// Pragmatic web URL syntax: `http` or `https` (any case), a valid host name, IPv4 or
    /// bracketed IPv6 host, optional port, path, query and fragment; no whitespace. Hosts
    /// without a dot (`localhost`) are accepted since intranet links are legitimate.
    public static func isValidURL(_ text: String) -> Bool {
        guard !text.isEmpty, !text.unicodeScalars.contains(where: isSpaceOrControl),
              let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else { return false }
        // URLComponents accepts "http:example.com" (no authority); a web URL needs "//".
        guard text.dropFirst(scheme.count + 1).hasPrefix("//") else { return false }
        if host.hasPrefix("[") || host.contains(":") {
            return host.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || ":.[]".unicodeScalars.contains($0) }
        }
        return isValidDomain(host, requireDot: false)
    }

    /// A DNS host name: dot-separated labels of letters, digits and hyphens.
    static func isValidDomain(_ domain: String, requireDot: Bool) -> Bool {
        guard (1...253).contains(domain.count) else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard !requireDot || labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.count), !label.hasPrefix("-"), !label.hasSuffix("-"),
                  label.utf8.allSatisfy(isASCIILetterDigitOrHyphen) || label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
            else { return false }
        }
        if requireDot, let tld = labels.last {
            return tld.count >= 2 && !tld.allSatisfy(\.isNumber)
        }
        return true
    }

    private static let forbiddenInLocal = Set("\"(),:;<>[\\]".unicodeScalars)

    /// Whitespace, control and format characters. ASCII is answered without the Unicode
    /// property tables (the largest single cost of validating a CreateSme): there the set is
    /// exactly U+0000–U+0020 and U+007F.
    private static func isSpaceOrControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value <= 0x20 || scalar.value == 0x7F }
        return scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
            || scalar.properties.generalCategory == .format
    }

    /// The common case of a host label, decided on bytes; other labels go through the
    /// Unicode letter and number properties (internationalised domains).
    private static func isASCIILetterDigitOrHyphen(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): true
        default: false
        }
    }
}

extension Validator {
    /// The rules of every free-text field: at most `max` grapheme clusters (see
    /// ``TextRules/length(_:)``) and no control or bidirectional formatting character (see
    /// ``TextRules/forbiddenScalar(in:allowLineBreaks:)``); `multiline` texts (descriptions,
    /// notes, survey answers) may hold line breaks and tabs. Reports the first broken rule.
    @discardableResult
    public mutating func checkText(_ value: String, max: Int, field: String, multiline: Bool = false) -> Bool {
        if let scalar = TextRules.forbiddenScalar(in: value, allowLineBreaks: multiline) {
            add(field: field, "must not contain control or bidirectional formatting characters (found \(Self.codePoint(scalar)))")
            return false
        }
        return check(TextRules.isWithinLength(value, max: max), field: field, "must be at most \(max) characters")
    }

    /// Checks that a list has at most `max` entries. Returns whether it does: a longer list is
    /// not validated entry by entry, so one oversized request cannot produce an oversized answer.
    @discardableResult
    public mutating func checkCount(_ count: Int, max: Int, field: String, _ noun: String) -> Bool {
        check(count <= max, field: field, "at most \(max) \(noun) (got \(count))")
    }

    /// `U+001B`: how a refused character is named (never echoed raw).
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Checks a non-empty `value` against ``TextRules/isValidEmail(_:)``; empty passes
    /// (combine with `require` when the field is mandatory).
    @discardableResult
    public mutating func checkEmail(_ value: String, field: String) -> Bool {
        check(value.isEmpty || TextRules.isValidEmail(value), field: field, "must be an e-mail address like name@example.org")
    }

    /// Checks a non-empty `value` against ``TextRules/isValidURL(_:)``; empty passes.
    @discardableResult
    public mutating func checkURL(_ value: String, field: String) -> Bool {
        check(value.isEmpty || TextRules.isValidURL(value), field: field, "must be an http or https URL with a host")
    }

    /// Checks that `value` is an ISO 3166-1 alpha-2 country code in upper case.
    @discardableResult
    public mutating func checkCountry(_ value: String, field: String) -> Bool {
        check(Countries.isValid(value), field: field,
              "must be an ISO 3166-1 alpha-2 country code " + CodeListCatalog.hint(CodeListCatalog.Name.country, version: Countries.version))
    }
}
