import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where a request comes from: `JSON` text on the command line, `@file`, or `-` for standard input.
public enum RequestInput: Sendable, Equatable {
    case none
    case inline(String)
    case file(String)
    case standardInput

    public init(argument: String?) {
        switch argument {
        case nil: self = .none
        case "-"?: self = .standardInput
        case let text? where text.hasPrefix("@"): self = .file(String(text.dropFirst()))
        case let text?: self = .inline(text)
        }
    }

    /// The whole input as one text ("{}" when none was given: an empty request).
    public func readAll() throws(CLIFailure) -> String {
        switch self {
        case .none: return "{}"
        case .inline(let text): return text
        case .file(let path):
            do { return try String(contentsOfFile: path, encoding: .utf8) } catch { throw CLIFailure.local("cannot read \(path)") }
        case .standardInput:
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
    }

    /// Reads the input a line at a time, without holding it all in memory.
    func lines() throws(CLIFailure) -> LineReader {
        switch self {
        case .none: return LineReader(lines: [])
        case .inline(let text): return LineReader(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        case .file(let path):
            guard let file = fopen(path, "r") else { throw CLIFailure.local("cannot read \(path)") }
            return LineReader(file: file)
        case .standardInput:
            guard let file = fdopen(dup(STDIN_FILENO), "r") else { throw CLIFailure.local("cannot read standard input") }
            return LineReader(file: file)
        }
    }
}

/// Lines of a file (via getline, one line in memory at a time) or of a text already in memory.
final class LineReader {
    private var file: UnsafeMutablePointer<FILE>?
    private var buffered: [String]
    private var position = 0

    init(file: UnsafeMutablePointer<FILE>) {
        self.file = file
        self.buffered = []
    }

    init(lines: [String]) {
        self.file = nil
        self.buffered = lines
    }

    func next() -> String? {
        guard let file else {
            guard position < buffered.count else { return nil }
            defer { position += 1 }
            return buffered[position]
        }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        let count = getline(&line, &capacity, file)
        guard count >= 0, let line else { return nil }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }

    deinit {
        if let file { fclose(file) }
    }
}

/// Client-streaming requests read as JSON lines (blank lines skipped) and encoded one at a time, so
/// a large input streams instead of being loaded whole.
struct JSONLineRequests: AsyncSequence, Sendable {
    typealias Element = Data
    let input: RequestInput
    let transcoder: DynamicJSON
    let type: String

    struct AsyncIterator: AsyncIteratorProtocol {
        let reader: LineReader?
        let opening: CLIFailure?
        let transcoder: DynamicJSON
        let type: String
        var lineNumber = 0

        mutating func next() async throws -> Data? {
            if let opening { throw opening }
            guard let reader else { return nil }
            while let line = reader.next() {
                lineNumber += 1
                if line.allSatisfy(\.isWhitespace) { continue }
                do {
                    return try transcoder.binary(from: JSONValue.parse(line), type: type)
                } catch {
                    throw CLIFailure.usage("request line \(lineNumber): \(error)")
                }
            }
            return nil
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        do {
            return AsyncIterator(reader: try input.lines(), opening: nil, transcoder: transcoder, type: type)
        } catch {
            return AsyncIterator(reader: nil, opening: error, transcoder: transcoder, type: type)
        }
    }
}
