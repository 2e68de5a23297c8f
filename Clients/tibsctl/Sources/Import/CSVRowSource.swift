import CSV
import Foundation
import NIOConcurrencyHelpers
import Synchronization

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
    private let state = NIOLockedValueBox(State())

    func sent(row: Int) { state.withLockedValue { $0.read = row; $0.sentRows.append(Int32(row)) } }
    func rejectedLocally(row: Int, _ problems: [RowProblem]) {
        state.withLockedValue {
            $0.read = row
            $0.locallyRejected += 1
            $0.localProblems += problems
        }
    }
    var read: Int { state.withLockedValue { $0.read } }
    var sentCount: Int { state.withLockedValue { $0.sentRows.count } }
    var locallyRejected: Int { state.withLockedValue { $0.locallyRejected } }
    var localProblems: [RowProblem] { state.withLockedValue { $0.localProblems } }
    func csvRow(forStreamPosition position: Int) -> Int {
        state.withLockedValue { position >= 1 && position <= $0.sentRows.count ? Int($0.sentRows[position - 1]) : position }
    }
}

/// The rows of a CSV file as serialized row messages (`ImportSmeRow`, `ImportResourceRow`), read one
/// at a time (CSV.swift over an InputStream), so a file of any size streams without being held in
/// memory. Rows that cannot become a message (a non-number headcount, a wrong field count) are
/// reported to the tracker and not sent. One source feeds several import calls (``ImportBatch``),
/// each taking the next rows. `build` maps one row's fields (in file order) to the message's JSON.
final class CSVRowSource: Sendable {
    typealias Build = @Sendable (_ fields: [String], _ row: Int) -> Result<JSONValue, Problems>

    let path: String
    let build: Build
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
    // tsan-visible-lock-exempt: a Mutex owns this non-Sendable reader (CSVReader, InputStream) via
    // `sending`; NIOLockedValueBox needs a Sendable value. TSan does not see it (Tests/Sanitizers).
    private let state: Mutex<Reader>

    init(path: String, columnCount: Int, transcoder: DynamicJSON, rowType: String, tracker: ImportTracker, build: @escaping Build) {
        self.path = path
        self.build = build
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

    /// The row as a serialized row message, or why it cannot be one.
    func message(_ fields: [String], row: Int) -> Result<Data, Problems> {
        guard fields.count == columnCount else {
            return .failure(Problems(list: [RowProblem(row: row, field: "row", problem: "has \(fields.count) fields; the header has \(columnCount)")]))
        }
        switch build(fields, row) {
        case .failure(let problems):
            return .failure(problems)
        case .success(let json):
            do {
                return .success(try transcoder.binary(from: json, type: rowType))
            } catch {
                return .failure(Problems(list: [RowProblem(row: row, field: "row", problem: "\(error)")]))
            }
        }
    }
}

/// Up to `limit` rows of a ``CSVRowSource`` (the first already read), as the requests of one
/// import call: the services cap the rows of one call, so a large file goes in several.
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
