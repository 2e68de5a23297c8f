import ArgumentParser
import CSV
import Foundation

/// `tibsctl import smes|resources FILE.csv`: streams the rows to the service's import method
/// (client streaming) and writes a report of every rejected row.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Bulk imports.", subcommands: [ImportSmes.self, ImportResources.self])
}

/// The flags every import takes.
struct ImportOptions: ParsableArguments {
    @Option(help: "Report file for rejected rows (default: FILE.errors.csv).") var report: String?
    @Option(name: .customLong("batch-rows"), help: "Rows per import call (the services take at most 50,000 per call).")
    var batchRows = 10_000
    @Argument(help: "The CSV file.") var file: String
}

struct ImportSmes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smes", abstract: "Import SMEs from a CSV file (create, or update by country + registration id).",
        discussion: """
        Header (any order; case-insensitive): \(SmeCSVColumn.names). \
        Required: legal_name, nuts_code, registration_id; country defaults to the NUTS code's first two letters. \
        List columns (nace_codes, s3_areas, languages) separate items with ';'. contact_consent is yes or no. \
        Rows stream to the server as they are read; a bad row never blocks a good one. Rejected rows, one line \
        per problem, go to the report file (default FILE.errors.csv). Exit status 9 when any row was rejected.
        """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var options: ImportOptions

    func run() async throws {
        let columns = try SmeCSVColumn.map(header: try CSVRowSource.header(of: options.file))
        try await CSVImport(options: options, connection: connection, json: output.json, service: .registry, method: "ImportSmes")
            .run { _ in { fields, row in SmeCSVColumn.row(fields, row, columns: columns) } }
    }
}

/// One CSV import run, the same for every service: header checked before any call, rows streamed
/// in batches, progress on standard error, the per-row report, a summary, exit status 9 when any
/// row was rejected. With `--json`: one line per answered row (its id), then the summary line.
struct CSVImport {
    let options: ImportOptions
    let connection: ConnectionOptions
    let json: Bool
    let service: ServiceEndpoint
    let method: String

    /// `build` makes the row mapping once the server is described (for its enum names).
    func run(_ build: (ServiceClient) -> CSVRowSource.Build) async throws {
        let file = options.file
        let header = try CSVRowSource.header(of: file)
        let reportPath = options.report ?? Self.defaultReportPath(file)
        let tracker = ImportTracker()
        let progress = ImportProgress(total: Console.stderrIsTerminal ? Self.countRows(file) : nil, tracker: tracker)
        let timeout = connection.timeout.map { Duration.milliseconds(Int64($0 * 1000)) }
        guard options.batchRows >= 1 else { throw CLIFailure.usage("--batch-rows must be at least 1") }
        let limit = options.batchRows
        let method = method
        // The server's per-row results, batch by batch: only rejected rows are kept.
        let (counts, serverProblems) = try await ServiceClient.with(connection, service: service) { client in
            let target = try client.description.method(client.service + method)
            let source = CSVRowSource(path: file, columnCount: header.count, transcoder: client.transcoder,
                                      rowType: target.requestType, tracker: tracker, build: build(client))
            let ticker = Task { await progress.run() }
            defer { ticker.cancel() }
            var counts = ImportCounts()
            var problems: [RowProblem] = []
            var streamed = 0
            while let first = try source.next() {
                let batch = ImportBatch(source: source, first: first, limit: limit)
                let result = try await client.session.client.clientStreamingRaw(target.name, requests: batch, timeout: timeout)
                let response = try client.transcoder.json(from: result.response, type: target.responseType)
                counts.add(response)
                if json, case .array(let results)? = response["results"] {
                    // One line per row the server answered, as the answers come: the id of each imported row.
                    for result in results {
                        Console.out(Self.rowLine(result, row: tracker.csvRow(forStreamPosition: streamed + (Int(result["row"]?.cell ?? "0") ?? 0))).compactText)
                    }
                }
                if case .array(let results)? = response["results"] {
                    for result in results where result["outcome"] == .string("OUTCOME_REJECTED") {
                        let row = tracker.csvRow(forStreamPosition: streamed + (Int(result["row"]?.cell ?? "0") ?? 0))
                        if case .array(let violations)? = result["violations"], !violations.isEmpty {
                            for violation in violations {
                                problems.append(RowProblem(row: row, field: violation["field"]?.cell ?? "", problem: violation["description"]?.cell ?? ""))
                            }
                        } else {
                            problems.append(RowProblem(row: row, field: "", problem: "rejected"))
                        }
                    }
                }
                streamed = tracker.sentCount
            }
            ticker.cancel()
            await ticker.value
            return (counts, problems)
        }
        var problems = tracker.localProblems.map { ($0, "rejected before sending") } + serverProblems.map { ($0, "rejected") }
        problems.sort { $0.0.row < $1.0.row }
        try Self.writeReport(problems, to: reportPath)
        let rejected = counts.rejected + tracker.locallyRejected
        let read = tracker.read
        if json {
            Console.out(JSONValue.object([
                JSONMember("rows", .number(String(read))), JSONMember("created", .number(String(counts.created))),
                JSONMember("updated", .number(String(counts.updated))), JSONMember("unchanged", .number(String(counts.unchanged))),
                JSONMember("rejected", .number(String(rejected))),
                JSONMember("report", problems.isEmpty ? .null : .string(reportPath)),
            ]).compactText)
        } else {
            Console.out("imported \(read) rows from \(file): \(counts.created) created, \(counts.updated) updated, "
                        + (counts.unchanged > 0 ? "\(counts.unchanged) unchanged, " : "") + "\(rejected) rejected"
                        + (problems.isEmpty ? "" : " (report: \(reportPath))"))
        }
        if rejected > 0 { throw CLIFailure(.partial, "") }
    }

    /// `{"row": 3, "outcome": "created", "id": "0190…"}`: one answered row of `--json` (the id is the
    /// row's SME or resource; none for a rejected row).
    static func rowLine(_ result: JSONValue, row: Int) -> JSONValue {
        var outcome = result["outcome"]?.cell ?? "unspecified"
        if outcome.hasPrefix("OUTCOME_") { outcome = String(outcome.dropFirst("OUTCOME_".count)) }
        let id = result["smeId"] ?? result["resourceId"]
        return object([("row", .number(String(row))), ("outcome", .string(outcome.lowercased())), ("id", id)])
    }

    static func defaultReportPath(_ file: String) -> String {
        (file.hasSuffix(".csv") ? String(file.dropLast(4)) : file) + ".errors.csv"
    }

    /// The report: `row,outcome,field,problem`, rows numbered from 1 after the header. No problems: no file
    /// (an old report of the same name is removed, so it cannot be mistaken for this run's).
    static func writeReport(_ problems: [(RowProblem, String)], to path: String) throws {
        guard !problems.isEmpty else {
            try? FileManager.default.removeItem(atPath: path)
            return
        }
        guard let stream = OutputStream(toFileAtPath: path, append: false) else { throw CLIFailure.local("cannot write \(path)") }
        do {
            let writer = try CSVWriter(stream: stream)
            try writer.write(row: ["row", "outcome", "field", "problem"])
            for (problem, outcome) in problems {
                try writer.write(row: [String(problem.row), outcome, problem.field, problem.problem])
            }
            writer.stream.close()
        } catch {
            throw CLIFailure.local("cannot write \(path): \(error)")
        }
    }

    /// Data rows in the file (lines after the header, blank ones skipped), counted in one pass with a
    /// small buffer so the progress bar knows its end. Quoted line breaks make it an estimate.
    static func countRows(_ path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var lines = 0
        var previous: UInt8 = 10
        while let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            for byte in chunk {
                if byte == 10 && previous != 10 { lines += 1 }
                previous = byte
            }
        }
        if previous != 10 { lines += 1 }
        return max(0, lines - 1)
    }
}

/// The totals of an import's responses (`created`, `updated`, `unchanged`, `rejected`).
struct ImportCounts {
    var created = 0, updated = 0, unchanged = 0, rejected = 0

    mutating func add(_ response: JSONValue) {
        func count(_ key: String) -> Int { Int(response[key]?.cell ?? "0") ?? 0 }
        created += count("created")
        updated += count("updated")
        unchanged += count("unchanged")
        rejected += count("rejected")
    }
}

/// Shows how far the import is: a bar on a terminal, a count every 10,000 rows otherwise.
struct ImportProgress: Sendable {
    let total: Int?
    let tracker: ImportTracker

    func run() async {
        var lastReported = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(200))
            let read = tracker.read
            if let total, total > 0 {
                let fraction = min(1, Double(read) / Double(total))
                let width = 30
                let filled = Int(fraction * Double(width))
                Console.progress("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
                                 + "\(Int(fraction * 100))% \(read)/\(total) rows")
            } else if read / 10_000 > lastReported / 10_000 {
                Console.err("sent \(read / 10_000 * 10_000) rows")
                lastReported = read
            }
        }
        if total != nil {
            Console.progress("")
            FileHandle.standardError.write(Data("\r".utf8))
        } else if tracker.read > lastReported {
            Console.err("sent \(tracker.read) rows")
        }
    }
}
