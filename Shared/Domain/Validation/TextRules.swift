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
    /// Checks that `value` has at most `max` grapheme clusters (see ``TextRules/length(_:)``).
    @discardableResult
    public mutating func checkLength(_ value: String, max: Int, field: String) -> Bool {
        check(TextRules.isWithinLength(value, max: max), field: field, "must be at most \(max) characters")
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
        check(Countries.isValid(value), field: field, "must be an ISO 3166-1 alpha-2 country code")
    }
}
