import CSV
import Foundation
import Synchronization

/// The CSV columns `tibsctl import smes` understands (docs/tibsctl.md). Names are matched without
/// regard to case or surrounding spaces; list columns separate items with ";".
enum SmeCSVColumn: String, CaseIterable, Sendable {
    case legalName = "legal_name"
    case country
    case nutsCode = "nuts_code"
    case registrationID = "registration_id"
    case headcount
    case annualTurnover = "annual_turnover_eur"
    case balanceSheet = "balance_sheet_total_eur"
    case naceCodes = "nace_codes"
    case s3Areas = "s3_areas"
    case description
    case languages
    case website
    case assignedBrokerID = "assigned_broker_id"
    case contactName = "contact_name"
    case contactEmail = "contact_email"
    case contactPhone = "contact_phone"
    case contactJobTitle = "contact_job_title"
    case contactConsent = "contact_consent"

    static let required: [SmeCSVColumn] = [.legalName, .nutsCode, .registrationID]

    /// Column positions for a header row; unknown or missing required columns are a usage error.
    static func map(header: [String]) throws(CLIFailure) -> [SmeCSVColumn: Int] {
        var positions: [SmeCSVColumn: Int] = [:]
        for (index, name) in header.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "\u{FEFF}", with: "")
            guard let column = SmeCSVColumn(rawValue: key) else {
                throw CLIFailure.usage("unknown CSV column '\(name)'; the header may use: \(allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard positions[column] == nil else { throw CLIFailure.usage("CSV column '\(key)' appears twice") }
            positions[column] = index
        }
        let missing = required.filter { positions[$0] == nil }
        guard missing.isEmpty else {
            throw CLIFailure.usage("the CSV header lacks \(missing.map(\.rawValue).joined(separator: ", ")) (required: \(required.map(\.rawValue).joined(separator: ", ")))")
        }
        return positions
    }
}

/// One problem of one CSV row, for the report file.
struct RowProblem: Sendable, Equatable {
    var row: Int
    var field: String
    var problem: String
}

/// What the import has read so far, shared between the reading sequence (on the call's task) and
/// the progress display. Holds counts and the row mapping, never the rows.
final class ImportTracker: Sendable {
    private struct State {
        var read = 0
        /// CSV row number of each row sent, in stream order (the server answers by stream position).
        var sentRows: [Int32] = []
        var localProblems: [RowProblem] = []
        var locallyRejected = 0
    }
    private let state = Mutex(State())

    func sent(row: Int) { state.withLock { $0.read = row; $0.sentRows.append(Int32(row)) } }
    func rejectedLocally(row: Int, _ problems: [RowProblem]) {
        state.withLock {
            $0.read = row
            $0.locallyRejected += 1
            $0.localProblems += problems
        }
    }
    var read: Int { state.withLock { $0.read } }
    var sentCount: Int { state.withLock { $0.sentRows.count } }
    var locallyRejected: Int { state.withLock { $0.locallyRejected } }
    var localProblems: [RowProblem] { state.withLock { $0.localProblems } }
    func csvRow(forStreamPosition position: Int) -> Int {
        state.withLock { position >= 1 && position <= $0.sentRows.count ? Int($0.sentRows[position - 1]) : position }
    }
}

/// The rows of a CSV file as serialized `ImportSmeRow` messages, read one at a time (CSV.swift over
/// an InputStream), so a file of any size streams without being held in memory. Rows that cannot
/// become a message (a non-number headcount, a wrong field count) are reported to the tracker and
/// not sent. One source feeds several ImportSmes calls (``ImportBatch``), each taking the next rows.
final class CSVRowSource: Sendable {
    let path: String
    let columns: [SmeCSVColumn: Int]
    let columnCount: Int
    let transcoder: DynamicJSON
    let rowType: String
    let tracker: ImportTracker

    /// The open reader: used by one call at a time, so a lock that is never contended.
    private struct Reader {
        var reader: CSVReader?
        var stream: InputStream?
        var row = 0
        var finished = false
    }
    private let state: Mutex<Reader>

    init(path: String, columns: [SmeCSVColumn: Int], columnCount: Int, transcoder: DynamicJSON, rowType: String, tracker: ImportTracker) {
        self.path = path
        self.columns = columns
        self.columnCount = columnCount
        self.transcoder = transcoder
        self.rowType = rowType
        self.tracker = tracker
        let stream = InputStream(fileAtPath: path)
        let reader = stream.flatMap { try? CSVReader(stream: $0, hasHeaderRow: true) }
        state = Mutex(Reader(reader: reader, stream: stream))
    }

    static func isEndOfFile(_ error: any Error) -> Bool {
        if case CSVError.cannotReadFile? = error as? CSVError { return true }
        return false
    }

    /// The next row to send, or nil at the end of the file.
    func next() throws(CLIFailure) -> Data? {
        try state.withLock { (state: inout Reader) throws(CLIFailure) -> Data? in
            guard !state.finished else { return nil }
            guard let reader = state.reader else { throw CLIFailure.local("cannot read \(path)") }
            while let fields = reader.next() {
                state.row += 1
                if fields.count == 1 && fields[0].isEmpty { continue }  // a blank line
                switch message(fields, row: state.row) {
                case .success(let data):
                    tracker.sent(row: state.row)
                    return data
                case .failure(let problems):
                    tracker.rejectedLocally(row: state.row, problems.list)
                }
            }
            state.finished = true
            state.stream?.close()
            // CSV.swift ends every stream with `cannotReadFile` (its reader's short read at end of file).
            if let error = reader.error, !Self.isEndOfFile(error) {
                throw CLIFailure.usage("\(path) row \(state.row + 1): cannot read CSV (\(error))")
            }
            return nil
        }
    }

    /// Reads the header only, to validate it before any call is made.
    static func header(of path: String) throws(CLIFailure) -> [String] {
        guard let stream = InputStream(fileAtPath: path) else { throw CLIFailure.local("cannot read \(path)") }
        do {
            let reader = try CSVReader(stream: stream, hasHeaderRow: true)
            defer { stream.close() }
            guard let header = reader.headerRow else { throw CLIFailure.usage("\(path) is empty: it needs a header row") }
            return header
        } catch let failure as CLIFailure {
            throw failure
        } catch {
            throw CLIFailure.usage("\(path) has no readable CSV header")
        }
    }

    struct Problems: Error { let list: [RowProblem] }

    /// The row as a serialized ImportSmeRow, or why it cannot be one.
    func message(_ fields: [String], row: Int) -> Result<Data, Problems> {
        guard fields.count == columnCount else {
            return .failure(Problems(list: [RowProblem(row: row, field: "row", problem: "has \(fields.count) fields; the header has \(columnCount)")]))
        }
        func value(_ column: SmeCSVColumn) -> String? {
            guard let index = columns[column] else { return nil }
            let text = fields[index].trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }
        func list(_ column: SmeCSVColumn) -> [String] {
            (value(column) ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var problems: [RowProblem] = []
        func number(_ column: SmeCSVColumn, max: UInt64) -> JSONValue? {
            guard let text = value(column) else { return nil }
            guard let parsed = UInt64(text), parsed <= max else {
                problems.append(RowProblem(row: row, field: column.rawValue, problem: "'\(text)' is not a whole number up to \(max)"))
                return nil
            }
            return .string(String(parsed))
        }
        var fieldsJSON = object([
            ("legalName", value(.legalName).map(JSONValue.string)),
            ("registrationId", value(.registrationID).map(JSONValue.string)),
            ("headcount", number(.headcount, max: UInt64(UInt32.max))),
            ("annualTurnoverEur", number(.annualTurnover, max: UInt64.max)),
            ("balanceSheetTotalEur", number(.balanceSheet, max: UInt64.max)),
            ("naceCodes", list(.naceCodes).isEmpty ? nil : .array(list(.naceCodes).map(codeJSON))),
            ("s3Areas", list(.s3Areas).isEmpty ? nil : .array(list(.s3Areas).map(codeJSON))),
            ("description", value(.description).map(JSONValue.string)),
            ("languages", list(.languages).isEmpty ? nil : .array(list(.languages).map(JSONValue.string))),
            ("website", value(.website).map(JSONValue.string)),
            ("assignedBrokerId", value(.assignedBrokerID).map(JSONValue.string)),
        ])
        if let nuts = value(.nutsCode) {
            fieldsJSON = fieldsJSON.setting(["region"], regionRef(nuts: nuts, country: value(.country)))
        } else if let country = value(.country) {
            fieldsJSON = fieldsJSON.setting(["region", "country"], .string(country.uppercased()))
        }
        if let name = value(.contactName) {
            var consent = false
            if let text = value(.contactConsent)?.lowercased() {
                if ["yes", "true", "1", "y"].contains(text) {
                    consent = true
                } else if !["no", "false", "0", "n"].contains(text) {
                    problems.append(RowProblem(row: row, field: SmeCSVColumn.contactConsent.rawValue, problem: "'\(text)' is not yes or no"))
                }
            }
            fieldsJSON = fieldsJSON.setting(["contacts"], .array([object([
                ("name", .string(name)), ("email", value(.contactEmail).map(JSONValue.string)),
                ("phone", value(.contactPhone).map(JSONValue.string)), ("jobTitle", value(.contactJobTitle).map(JSONValue.string)),
                ("consentGiven", .bool(consent)),
            ])]))
        }
        guard problems.isEmpty else { return .failure(Problems(list: problems)) }
        do {
            return .success(try transcoder.binary(from: .object([JSONMember("fields", fieldsJSON)]), type: rowType))
        } catch {
            return .failure(Problems(list: [RowProblem(row: row, field: "row", problem: "\(error)")]))
        }
    }
}

/// Up to `limit` rows of a ``CSVRowSource`` (the first already read), as the requests of one
/// ImportSmes call: the registry caps the rows of one call, so a large file goes in several.
struct ImportBatch: AsyncSequence, Sendable {
    typealias Element = Data
    let source: CSVRowSource
    let first: Data
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let batch: ImportBatch
        var sent = 0

        mutating func next() async throws -> Data? {
            defer { sent += 1 }
            if sent == 0 { return batch.first }
            guard sent < batch.limit else { return nil }
            return try batch.source.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(batch: self) }
}
