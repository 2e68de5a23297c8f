import Testing
@testable import TIBSDomain

@Suite("Text rules")
struct TextRulesTests {
    @Test(arguments: [
        "anna@example.org", "a.b+tag@sub.example.co.uk", "o'brien@example.ie",
        "jānis@vidzeme.lv", "x@münchen.de", "first_last@x-y.com",
    ])
    func acceptsPlausibleEmailAddresses(email: String) {
        #expect(TextRules.isValidEmail(email))
    }

    @Test(arguments: [
        "", "plain", "@example.org", "anna@", "anna@example", "a@b@example.org", "anna @example.org",
        "anna@exa mple.org", ".anna@example.org", "anna.@example.org", "an..na@example.org",
        "anna@-example.org", "anna@example-.org", "anna@example..org", "anna@example.o",
        "anna@example.123", "\"anna\"@example.org", "anna@[192.168.0.1]", "anna@example.org\n",
    ])
    func rejectsMalformedEmailAddresses(email: String) {
        #expect(!TextRules.isValidEmail(email))
    }

    @Test(arguments: [
        "https://example.org", "http://example.org/path?q=1#top", "HTTPS://Example.ORG",
        "https://www.vidzeme.lv:8443/lv/", "http://localhost:8080", "http://192.168.1.10/x",
        "https://sub-domain.example.co.uk/a%20b",
    ])
    func acceptsWebURLsWithAHost(url: String) {
        #expect(TextRules.isValidURL(url))
    }

    @Test(arguments: [
        "", "example.org", "www.example.org", "ftp://example.org", "mailto:anna@example.org",
        "javascript:alert(1)", "http://", "https:///path", "http:example.org",
        "https://exa mple.org", "https://example.org/a b", " https://example.org", "https://-bad.org",
    ])
    func rejectsNonWebOrHostlessURLs(url: String) {
        #expect(!TextRules.isValidURL(url))
    }

    @Test func lengthIsInGraphemeClusters() {
        #expect(TextRules.length("Rīga") == 4)
        #expect(TextRules.length("🇱🇻") == 1)
        #expect(TextRules.isWithinLength("abc", max: 3))
        #expect(!TextRules.isWithinLength("abcd", max: 3))
        #expect(!TextRules.isWithinLength("", min: 1, max: 3))
    }

    @Test func trimmedNonEmptyIgnoresWhitespaceOnly() {
        #expect(TextRules.isTrimmedNonEmpty(" x "))
        #expect(!TextRules.isTrimmedNonEmpty(" \t\n"))
        #expect(!TextRules.isTrimmedNonEmpty(""))
        #expect(TextRules.trimmed("  Acme SIA \n") == "Acme SIA")
    }

    @Test func isoCountryCheckUsesTheFullTable() {
        #expect(TextRules.isISOCountry("LV"))
        #expect(TextRules.isISOCountry("ZW"))
        #expect(!TextRules.isISOCountry("XX"))
    }
}
