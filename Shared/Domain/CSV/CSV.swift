/// A small RFC 4180 CSV reader for the code lists.
///
/// Why our own: the module is Foundation-only and the code lists carry quoted titles
/// ("Agriculture, forestry and fishing") that a naive `split(",")` would break.
///
/// What it accepts, and what callers must know:
/// - Fields separated by `,`; records end with LF, CRLF or a lone CR.
/// - A field may be enclosed in double quotes; inside it, commas, line breaks and
///   doubled quotes (`""` → `"`) are literal.
/// - A final line break does not start an empty record, and wholly empty lines are
///   skipped (data files often end with blank lines); a line with only commas is kept.
/// - A leading UTF-8 byte-order mark (as Excel and some Eurostat exports write) is dropped.
/// - Malformed input throws ``CSVError`` with the 1-based line where the problem starts:
///   a quote inside an unquoted field, text after a closing quote, or an unterminated quote.
/// - Fields are returned exactly as written (no trimming); callers decide.
public enum CSV {
    /// One parsed record and the line on which it starts (for error messages).
    public struct Record: Sendable, Hashable {
        public var fields: [String]
        public var line: Int
    }

    /// Parses `text` into records of fields.
    public static func parse(_ text: String) throws(CSVError) -> [[String]] {
        try parseRecords(text).map(\.fields)
    }

    /// Parses `text` into records, keeping each record's starting line number.
    public static func parseRecords(_ text: String) throws(CSVError) -> [Record] {
        var parser = Parser()
        for scalar in text.unicodeScalars {
            try parser.feed(scalar)
        }
        return try parser.finish()
    }
}

/// Why a CSV text could not be read.
public enum CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A `"` appeared inside a field that did not start with one.
    case quoteInUnquotedField(line: Int)
    /// Something other than a separator or line break followed a closing quote.
    case textAfterClosingQuote(line: Int)
    /// The text ended inside a quoted field that opened on `line`.
    case unterminatedQuote(line: Int)

    public var description: String {
        switch self {
        case .quoteInUnquotedField(let line): "CSV line \(line): quote inside an unquoted field"
        case .textAfterClosingQuote(let line): "CSV line \(line): text after a closing quote"
        case .unterminatedQuote(let line): "CSV line \(line): quoted field is never closed"
        }
    }
}

/// The state machine behind ``CSV/parseRecords(_:)``; fed one Unicode scalar at a time.
private struct Parser {
    private enum State {
        case fieldStart      // at the start of a field
        case unquoted        // inside a field that did not start with a quote
        case quoted          // inside a quoted field
        case quoteInQuoted   // just saw a quote inside a quoted field: closing or doubled
        case afterCR         // just ended a record with CR; swallow a following LF
    }

    private var state: State = .fieldStart
    private var field = String.UnicodeScalarView()
    private var fields: [String] = []
    private var records: [CSV.Record] = []
    private var line = 1
    private var recordLine = 1
    private var quoteLine = 1
    private var atStartOfText = true
    /// True while the current record has no content yet (an empty line is skipped).
    private var recordIsEmpty = true

    mutating func feed(_ scalar: Unicode.Scalar) throws(CSVError) {
        if atStartOfText {
            atStartOfText = false
            if scalar == "\u{FEFF}" { return }
        }
        if state == .afterCR {
            state = .fieldStart
            if scalar == "\n" { return }
        }
        switch state {
        case .fieldStart:
            switch scalar {
            case "\"":
                state = .quoted
                quoteLine = line
                recordIsEmpty = false
            case ",":
                endField()
                recordIsEmpty = false
            case "\r", "\n":
                endRecord(crlf: scalar == "\r")
            default:
                field.append(scalar)
                state = .unquoted
                recordIsEmpty = false
            }
        case .unquoted:
            switch scalar {
            case "\"": throw .quoteInUnquotedField(line: line)
            case ",": endField()
            case "\r", "\n": endRecord(crlf: scalar == "\r")
            default: field.append(scalar)
            }
        case .quoted:
            if scalar == "\"" {
                state = .quoteInQuoted
            } else {
                if scalar == "\n" { line += 1 }
                field.append(scalar)
            }
        case .quoteInQuoted:
            switch scalar {
            case "\"":
                field.append("\"")
                state = .quoted
            case ",": endField()
            case "\r", "\n": endRecord(crlf: scalar == "\r")
            default: throw .textAfterClosingQuote(line: line)
            }
        case .afterCR:
            // Handled before the switch; listed for exhaustiveness.
            break
        }
    }

    /// Ends the text: flushes a last record that had no final line break.
    mutating func finish() throws(CSVError) -> [CSV.Record] {
        switch state {
        case .quoted:
            throw .unterminatedQuote(line: quoteLine)
        case .unquoted, .quoteInQuoted:
            endRecord(crlf: false)
        case .fieldStart:
            if !recordIsEmpty { endRecord(crlf: false) }
        case .afterCR:
            break
        }
        return records
    }

    private mutating func endField() {
        fields.append(String(field))
        field = String.UnicodeScalarView()
        state = .fieldStart
    }

    private mutating func endRecord(crlf: Bool) {
        if recordIsEmpty {
            // An empty line: skip it, but keep counting lines.
        } else {
            endField()
            records.append(CSV.Record(fields: fields, line: recordLine))
        }
        fields = []
        field = String.UnicodeScalarView()
        recordIsEmpty = true
        line += 1
        recordLine = line
        state = crlf ? .afterCR : .fieldStart
    }
}
