import Testing
@testable import TIBSDomain

@Suite("RFC 4180 CSV parser")
struct CSVParserTests {
    @Test func plainFieldsSplitOnCommasAndLineFeeds() throws {
        #expect(try CSV.parse("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
    }

    @Test func quotedFieldKeepsCommasLiteral() throws {
        let rows = try CSV.parse("01,A,2,\"Crop and animal production, hunting\"\n")
        #expect(rows == [["01", "A", "2", "Crop and animal production, hunting"]])
    }

    @Test func doubledQuotesInsideQuotedFieldBecomeOneQuote() throws {
        #expect(try CSV.parse("\"say \"\"hi\"\"\",x") == [["say \"hi\"", "x"]])
        #expect(try CSV.parse("\"\"\"\"") == [["\""]])
    }

    @Test func quotedFieldMayContainLineBreaks() throws {
        #expect(try CSV.parse("\"line 1\r\nline 2\",b\n") == [["line 1\r\nline 2", "b"]])
    }

    @Test func crlfAndLoneCRLineEndingsAreAccepted() throws {
        #expect(try CSV.parse("a,b\r\nc,d\r\n") == [["a", "b"], ["c", "d"]])
        #expect(try CSV.parse("a,b\rc,d") == [["a", "b"], ["c", "d"]])
    }

    @Test func trailingNewlineDoesNotAddAnEmptyRecord() throws {
        #expect(try CSV.parse("a\n") == [["a"]])
        #expect(try CSV.parse("a") == [["a"]])
        #expect(try CSV.parse("a\r\n") == [["a"]])
    }

    @Test func emptyFieldsArePreserved() throws {
        #expect(try CSV.parse("a,,c\n,,\n") == [["a", "", "c"], ["", "", ""]])
        #expect(try CSV.parse("A,,1,Title") == [["A", "", "1", "Title"]])
        #expect(try CSV.parse("\"\",x") == [["", "x"]])
        #expect(try CSV.parse("x,") == [["x", ""]])
    }

    @Test func blankLinesAndEmptyTextYieldNoRecords() throws {
        #expect(try CSV.parse("") == [])
        #expect(try CSV.parse("a\n\n\nb\n\n") == [["a"], ["b"]])
    }

    @Test func leadingByteOrderMarkIsDropped() throws {
        #expect(try CSV.parse("\u{FEFF}NUTS_ID,LEVL_CODE\n") == [["NUTS_ID", "LEVL_CODE"]])
    }

    @Test func nonASCIITextSurvives() throws {
        #expect(try CSV.parse("LT01,2,LT,Sostinės regionas\n") == [["LT01", "2", "LT", "Sostinės regionas"]])
    }

    @Test func recordsKnowTheirStartingLine() throws {
        let records = try CSV.parseRecords("h\r\n\"a\nb\"\n\nc\n")
        #expect(records.map(\.line) == [1, 2, 5])
    }

    @Test func malformedQuotingIsRejectedWithItsLine() {
        #expect(throws: CSVError.unterminatedQuote(line: 2)) { try CSV.parse("a\n\"open,b\n") }
        #expect(throws: CSVError.quoteInUnquotedField(line: 1)) { try CSV.parse("ab\"c\n") }
        #expect(throws: CSVError.textAfterClosingQuote(line: 1)) { try CSV.parse("\"ab\"c\n") }
    }

    @Test func tableFindsColumnsByNameIgnoringCaseAndSpaces() throws {
        let table = try CSVTable(text: "Extra, nuts_id ,NAME_LATN\nx,LV008,Vidzeme\n")
        #expect(table.columnIndex("NUTS_ID") == 1)
        #expect(table.columnIndex("code", "name_latn") == 2)
        #expect(table.columnIndex("missing") == nil)
        #expect(table.rows.map(\.fields) == [["x", "LV008", "Vidzeme"]])
    }
}
