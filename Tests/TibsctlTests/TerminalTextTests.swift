import Testing
@testable import TIBSCtlKit

/// Text from servers is shown escaped: nothing a terminal would act on reaches it raw.
@Suite struct TerminalTextTests {
    @Test func controlCharactersAndBidiOverridesAreEscapedVisibly() {
        #expect(TerminalText.escape("Acme\u{1B}[31m SIA") == "Acme\\u{1B}[31m SIA")
        #expect(TerminalText.escape("evil\u{202E}txt.exe") == "evil\\u{202E}txt.exe")
        #expect(TerminalText.escape("nul\u{0}bel\u{7}del\u{7F}c1\u{9B}") == "nul\\u{0}bel\\u{7}del\\u{7F}c1\\u{9B}")
        #expect(TerminalText.escape("isolate\u{2066}x\u{2069} embed\u{202A}") == "isolate\\u{2066}x\\u{2069} embed\\u{202A}")
        #expect(TerminalText.escape("line\u{2028}sep") == "line\\u{2028}sep")
    }

    @Test func printableTextIsLeftAsItIs() {
        for text in ["SIA Ābele", "Łódź Sp. z o.o.", "Ελληνικά", "שלום", "株式会社", "a\\b", ""] {
            #expect(TerminalText.escape(text) == text)
        }
    }

    @Test func aTableCellWithAnEscapeSequenceIsPrintedEscaped() {
        let table = Table(header: ["ID", "LEGAL NAME"], rows: [["1", "Red\u{1B}[31mAlert\u{7}"], ["2", "tab\there\nnewline"]])
        let rendered = table.render()
        #expect(!rendered.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(rendered.contains("Red\\u{1B}[31mAlert\\u{7}"))
        #expect(rendered.contains("tab here newline"))
    }

    @Test func multiLineMessagesKeepTheirLineBreaks() {
        #expect(TerminalText.escapeLines("INVALID_ARGUMENT: x\n  name: bad \u{1B}") == "INVALID_ARGUMENT: x\n  name: bad \\u{1B}")
    }
}
