import Foundation

/// One example of docs/api-examples.md: the method, the request as written, what it must answer
/// and which values of the answer later examples use (the convention is in that document).
struct APIExample: Sendable, Equatable {
    /// A status name as PROTOCOL.md spells it ("OK", "NOT_FOUND", …) and text tibsctl's message
    /// must contain (empty: any).
    struct Expectation: Sendable, Equatable {
        var status: String
        var messageContains: String
    }

    /// A value of the answer named for later examples: `name = path`.
    struct Binding: Sendable, Equatable {
        var name: String
        var path: String
    }

    /// A value the answer must hold: `path = value` (the demo record an example says it finds).
    struct Check: Sendable, Equatable {
        var path: String
        var value: String
    }

    /// Full method path, "/tibs.registry.v1.SmeRegistry/GetSme".
    var method: String
    /// 1-based line of the heading, for failure messages.
    var line: Int
    /// The `json` block: one request, or for client streaming an array of requests.
    var request: String
    var expectation: Expectation
    var bindings: [Binding]
    var checks: [Check] = []
    /// Server streaming: how many messages to read before stopping.
    var streamMessages: Int?
}

/// A mistake in the document itself (an example without its request or its `Expect:` line, a
/// line that breaks the convention): the test fails with it instead of guessing.
struct APIExampleDocumentError: Error, CustomStringConvertible {
    let line: Int
    let problem: String
    var description: String { "docs/api-examples.md line \(line): \(problem)" }
}

/// Reads docs/api-examples.md: every level-3 heading is a method path and starts an example; the
/// first ```json block after it is the request; `Expect:`, `Bind:`, `Check:` and `Stream:` lines follow.
enum APIExampleDocument {
    static func parse(_ text: String) throws(APIExampleDocumentError) -> [APIExample] {
        var examples: [APIExample] = []
        var current: (method: String, line: Int, request: String?, expect: APIExample.Expectation?, bindings: [APIExample.Binding],
                      checks: [APIExample.Check], stream: Int?)?
        var fence: (start: Int, lines: [String])?

        func finish() throws(APIExampleDocumentError) {
            guard let example = current else { return }
            guard let request = example.request else { throw APIExampleDocumentError(line: example.line, problem: "\(example.method) has no ```json request") }
            guard let expect = example.expect else { throw APIExampleDocumentError(line: example.line, problem: "\(example.method) has no 'Expect:' line") }
            examples.append(APIExample(method: example.method, line: example.line, request: request, expectation: expect,
                                       bindings: example.bindings, checks: example.checks, streamMessages: example.stream))
            current = nil
        }

        let lines = text.components(separatedBy: "\n")
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if var open = fence {
                if line == "```" {
                    if current != nil && current?.request == nil {
                        current?.request = open.lines.joined(separator: "\n")
                    }
                    fence = nil
                } else {
                    open.lines.append(raw)
                    fence = open
                }
                continue
            }
            if line.hasPrefix("```") {
                // Only the first json block after a method heading is its request; other blocks
                // (shell examples in the introduction) are prose.
                fence = (number, [])
                if line != "```json" && current != nil && current?.request == nil {
                    throw APIExampleDocumentError(line: number, problem: "the request of \(current?.method ?? "") must be a ```json block")
                }
                continue
            }
            if line.hasPrefix("#") {
                try finish()
                // Every level-3 heading is an example: a misspelt one fails instead of being skipped.
                if line.hasPrefix("### ") {
                    let method = String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces)
                    guard isMethodPath(method) else { throw APIExampleDocumentError(line: number, problem: "'\(method)' is not a method path /package.Service/Method") }
                    current = (method, number, nil, nil, [], [], nil)
                }
                continue
            }
            guard current != nil else { continue }
            if let value = field("Expect:", line) {
                guard current?.request != nil else { throw APIExampleDocumentError(line: number, problem: "'Expect:' before the request") }
                current?.expect = try expectation(value, line: number)
            } else if let value = field("Bind:", line) {
                current?.bindings += try bindings(value, line: number)
            } else if let value = field("Check:", line) {
                guard let equals = value.range(of: " = ") else { throw APIExampleDocumentError(line: number, problem: "write 'Check: path = value', not '\(value)'") }
                current?.checks.append(.init(path: String(value[..<equals.lowerBound]).trimmingCharacters(in: .whitespaces),
                                             value: String(value[equals.upperBound...]).trimmingCharacters(in: .whitespaces)))
            } else if let value = field("Stream:", line) {
                let words = value.split(separator: " ")
                guard words.count == 2, let count = Int(words[0]), count > 0, words[1] == "message" || words[1] == "messages" else {
                    throw APIExampleDocumentError(line: number, problem: "write 'Stream: N messages' (N > 0), not '\(value)'")
                }
                current?.stream = count
            }
        }
        if let open = fence { throw APIExampleDocumentError(line: open.start, problem: "a code block is never closed") }
        try finish()
        return examples
    }

    /// "/tibs.registry.v1.SmeRegistry/GetSme": a package-qualified service and a method name.
    static func isMethodPath(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty, parts[1].contains("."), !parts[2].isEmpty else { return false }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._"))
        return parts.dropFirst().allSatisfy { $0.unicodeScalars.allSatisfy { allowed.contains($0) && $0.isASCII } }
    }

    private static func field(_ name: String, _ line: String) -> String? {
        guard line.hasPrefix(name) else { return nil }
        return line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
    }

    /// "OK", "NOT_FOUND", "NOT_FOUND — no SME".
    static func expectation(_ value: String, line: Int) throws(APIExampleDocumentError) -> APIExample.Expectation {
        let parts = value.components(separatedBy: " — ")
        let status = parts[0].trimmingCharacters(in: .whitespaces)
        guard !status.isEmpty, status.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || $0 == "_" }) else {
            throw APIExampleDocumentError(line: line, problem: "'Expect:' needs a status name (OK, NOT_FOUND, …), not '\(value)'")
        }
        let text = parts.dropFirst().joined(separator: " — ").trimmingCharacters(in: .whitespaces)
        if status == "OK" && !text.isEmpty { throw APIExampleDocumentError(line: line, problem: "'Expect: OK' takes no message text") }
        return .init(status: status, messageContains: text)
    }

    /// "a = id, b = needs[0].id".
    static func bindings(_ value: String, line: Int) throws(APIExampleDocumentError) -> [APIExample.Binding] {
        var result: [APIExample.Binding] = []
        for item in value.split(separator: ",") {
            let sides = item.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard sides.count == 2, !sides[0].isEmpty, !sides[1].isEmpty,
                  sides[0].unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "_" }) else {
                throw APIExampleDocumentError(line: line, problem: "write 'Bind: name = path', not '\(item)'")
            }
            result.append(.init(name: sides[0], path: sides[1]))
        }
        return result
    }
}
