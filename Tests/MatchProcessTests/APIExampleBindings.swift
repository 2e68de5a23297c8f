import Foundation
import TIBSTestSupport

/// The values earlier examples' `Bind:` lines named, put into later requests' `{{name}}`
/// placeholders (docs/api-examples.md: ids differ per run, so examples refer to each other).
struct APIExampleBindings {
    private(set) var values: [String: String] = [:]

    /// `request` with every `{{name}}` replaced by its bound value; a name nothing bound is an error.
    func substitute(_ request: String) throws -> String {
        var result = ""
        var rest = Substring(request)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { throw ProcessTestError("a '{{' without '}}' in the request") }
            let name = String(rest[open.upperBound..<close.lowerBound])
            guard let value = values[name] else {
                throw ProcessTestError("{{\(name)}} is bound by no earlier example (bound so far: \(values.keys.sorted().joined(separator: ", ")))")
            }
            result += value
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// Binds each of `bindings` to the value at its path in `answer` (tibsctl's JSON output).
    mutating func bind(_ bindings: [APIExample.Binding], from answer: String) throws {
        guard !bindings.isEmpty else { return }
        let json = try Self.parse(answer)
        for binding in bindings {
            values[binding.name] = try Self.value(at: binding.path, in: json)
        }
    }

    /// Throws unless the answer holds each check's value at its path.
    static func verify(_ checks: [APIExample.Check], in answer: String) throws {
        guard !checks.isEmpty else { return }
        let json = try parse(answer)
        for check in checks {
            let found = try value(at: check.path, in: json)
            guard found == check.value else { throw ProcessTestError("the answer has '\(found)' at \(check.path), not '\(check.value)'") }
        }
    }

    private static func parse(_ answer: String) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(answer.utf8))
        } catch {
            throw ProcessTestError("the answer is not one JSON value, so nothing can be read from it: \(answer.prefix(300))")
        }
    }

    /// The string or number at `path` ("id", "needs[0].candidates[0].id").
    static func value(at path: String, in json: Any) throws -> String {
        var node: Any = json
        for segment in path.split(separator: ".") {
            var name = Substring(segment)
            var indices: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "["), let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                indices.insert(index, at: 0)
                name = name[..<open]
            }
            guard let object = node as? [String: Any], let child = object[String(name)] else {
                throw ProcessTestError("the answer has no '\(name)' on the way to '\(path)'")
            }
            node = child
            for index in indices {
                guard let array = node as? [Any], array.indices.contains(index) else {
                    throw ProcessTestError("'\(name)' has no element [\(index)] on the way to '\(path)'")
                }
                node = array[index]
            }
        }
        if let text = node as? String { return text }
        if let number = node as? NSNumber { return number.stringValue }
        throw ProcessTestError("'\(path)' is not a string or number in the answer")
    }
}
