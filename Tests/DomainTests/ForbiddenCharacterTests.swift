import Testing
@testable import TIBSDomain

/// No text field holds control or bidirectional formatting characters: a terminal obeys ESC
/// sequences, C strings end at NUL, and bidi overrides make text read in another order than stored.
@Suite("Forbidden characters in text")
struct ForbiddenCharacterTests {
    @Test(arguments: [
        ("Acme\u{0}SIA", 0x00), ("\u{1B}[31mAcme", 0x1B), ("Acme\u{7}", 0x07), ("Acme\u{7F}", 0x7F),
        ("Acme\u{85}", 0x85), ("Acme\u{9B}31m", 0x9B), ("evil\u{202E}fdp.exe", 0x202E), ("a\u{202A}b", 0x202A),
        ("a\u{202D}b", 0x202D), ("a\u{2066}b", 0x2066), ("a\u{2069}b", 0x2069), ("Acme\nSIA", 0x0A), ("Acme\tSIA", 0x09),
    ] as [(String, UInt32)])
    func singleLineTextRefusesControlAndBidiCharacters(text: String, scalar: UInt32) {
        #expect(TextRules.forbiddenScalar(in: text)?.value == scalar)
    }

    @Test(arguments: ["Rīgas Ūdens", "Łódź Müller ß", "Ελληνικά", "日本語", "🇱🇻 🇵🇱", "café ª º « »", "\u{200F}\u{2060}", "a\u{A0}b", "x\u{2028}"])
    func ordinaryUnicodeIsAccepted(text: String) {
        #expect(TextRules.forbiddenScalar(in: text) == nil)
    }

    @Test func longTextsMayHoldLineBreaksAndTabsButNothingElse() {
        #expect(TextRules.forbiddenScalar(in: "line one\r\nline two\n\tindented", allowLineBreaks: true) == nil)
        #expect(TextRules.forbiddenScalar(in: "line\n\u{1B}[2J", allowLineBreaks: true)?.value == 0x1B)
        #expect(TextRules.forbiddenScalar(in: "line\n\u{202E}", allowLineBreaks: true)?.value == 0x202E)
    }

    @Test func theViolationNamesTheCharacterWithoutEchoingIt() {
        var v = Validator()
        let passed = v.checkText("Acme\u{1B}[31m", max: 200, field: "legal_name")
        #expect(!passed)
        #expect(v.violations == [FieldViolation(field: "legal_name",
                                                description: "must not contain control or bidirectional formatting characters (found U+001B)")])
        #expect(!v.violations[0].description.contains("\u{1B}"))
    }

    @Test func multilineTextIsAcceptedByTheTextRule() {
        var v = Validator()
        let long = v.checkText("first\nsecond", max: 200, field: "description", multiline: true)
        let short = v.checkText("first\nsecond", max: 200, field: "legal_name")
        #expect(long && !short)
    }

    @Test func aListOverItsLimitIsOneViolation() {
        var v = Validator()
        let passed = v.checkCount(100_000, max: 20, field: "nace_codes", "codes")
        #expect(!passed)
        #expect(v.violations == [FieldViolation(field: "nace_codes", description: "at most 20 codes (got 100000)")])
    }

    @Test func countryCodesAreNormalisedLikeNUTSCodes() {
        #expect(Countries.normalize(" lv ") == "LV")
        #expect(NUTS.normalize(" lv008 ") == "LV008")
    }
}
