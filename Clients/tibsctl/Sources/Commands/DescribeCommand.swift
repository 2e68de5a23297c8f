import ArgumentParser
import Foundation
import SwiftProtobuf
import TIBSProto

/// `tibsctl describe [address] [method | service | type] [--json] [--protoset FILE]`: the server's
/// methods, or one method, service, message or enum written like a .proto file with its comments,
/// from the server's own reflection (`Reflection/Describe`).
struct DescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "List a server's methods, or show a method, service, message or enum with its comments.",
        discussion: """
            A method is named by path (/tibs.registry.v1.SmeRegistry/CreateSme), Service/Method or its bare \
            name when only one service has it; a service (tibs.registry.v1.SmeRegistry) or a message or enum \
            type (tibs.registry.v1.Sme) by full name, or by its last part when that is unique. --protoset \
            writes the server's FileDescriptorSet (with comments) for grpcurl -protoset or protoc --decode.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .long, help: "Print the description as JSON instead of .proto-like text.")
    var json = false

    @Option(name: .long, help: "Write the server's FileDescriptorSet (every file its methods use) to this file.")
    var protoset: String?

    @Argument(help: "[address] [method | service | type]")
    var arguments: [String] = []

    func run() async throws {
        var address: String?
        var target: String?
        switch arguments.count {
        case 0: break
        case 1:
            if Self.looksLikeAddress(arguments[0]) { address = arguments[0] } else { target = arguments[0] }
        case 2: (address, target) = (arguments[0], arguments[1])
        default: throw CLIFailure.usage("expected [address] [method | service | type]")
        }
        let settings = try ConnectionSettings.resolve(connection, address: address)
        let description = try await Session.with(settings) { session in try await session.describe() }
        let docs: SchemaDocs
        do {
            docs = try SchemaDocs(fileDescriptorSet: description.fileDescriptorSet)
        } catch {
            throw CLIFailure(.serverError, "the server's descriptor set is not a FileDescriptorSet: \(error)")
        }
        let schema = Schema(description: description, docs: docs)
        if let protoset {
            try Self.write(description.fileDescriptorSet, to: protoset)
            Console.err("wrote the descriptor set of \(settings.address) to \(protoset)")
            if target == nil { return }
        }
        let subject = try target.map { name throws(CLIFailure) in try schema.find(name) }
        Console.out(json ? schema.json(subject).prettyText : schema.text(subject))
    }

    /// host:port or [v6]:port, never a method path.
    static func looksLikeAddress(_ text: String) -> Bool {
        !text.contains("/") && (text.contains(":") || text.contains("[") || text == "localhost")
    }

    /// Writes `data` to `path` whole (a temporary file beside it, then renamed).
    static func write(_ data: Data, to path: String) throws(CLIFailure) {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIFailure.local("cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// What `describe` can show, from one Describe answer.
struct Schema {
    let description: ServerDescription
    let docs: SchemaDocs
    var pool: DescriptorPool { description.pool }

    enum Subject {
        case method(Tibs_Reflection_V1_MethodDescription)
        case service(String)
        case message(String)
        case enumType(String)
    }

    /// A service, method or type by the names the command's help lists; a usage error naming
    /// the candidates when the name is unknown or ambiguous.
    func find(_ name: String) throws(CLIFailure) -> Subject {
        let bare = DescriptorPool.strip(name)
        if !bare.contains("/") {
            if docs.services[bare] != nil { return .service(bare) }
            if pool.messages[bare] != nil { return .message(bare) }
            if pool.enums[bare] != nil { return .enumType(bare) }
        }
        if bare.contains("/") || description.methods.contains(where: { $0.name.hasSuffix("/" + bare) }) {
            return .method(try description.method(bare))
        }
        let services = docs.services.keys.filter { $0.hasSuffix("." + bare) }.map { Subject.service($0) }
        let messages = pool.messages.keys.filter { $0.hasSuffix("." + bare) }.map { Subject.message($0) }
        let enums = pool.enums.keys.filter { $0.hasSuffix("." + bare) }.map { Subject.enumType($0) }
        let found = services + messages + enums
        if found.count == 1 { return found[0] }
        if found.isEmpty {
            throw CLIFailure.usage("the server has no method, service or type '\(TerminalText.escape(name))' (tibsctl describe lists the methods)")
        }
        throw CLIFailure.usage("'\(TerminalText.escape(name))' is ambiguous: \(found.map(Self.name).sorted().joined(separator: ", "))")
    }

    static func name(_ subject: Subject) -> String {
        switch subject {
        case .method(let method): method.name
        case .service(let name), .message(let name), .enumType(let name): name
        }
    }

    static func kind(_ method: Tibs_Reflection_V1_MethodDescription) -> String {
        method.clientStreaming ? "client-streaming" : method.serverStreaming ? "server-streaming" : "unary"
    }

    /// "tibs.registry.v1.SmeRegistry.CreateSme" for "/tibs.registry.v1.SmeRegistry/CreateSme": its name in SchemaDocs.
    static func docName(_ method: Tibs_Reflection_V1_MethodDescription) -> String {
        method.name.split(separator: "/").joined(separator: ".")
    }

    // MARK: text

    func text(_ subject: Subject?) -> String {
        switch subject {
        case nil: methodTable()
        case .method(let method): methodText(method)
        case .service(let name): serviceText(name)
        case .message(let name): typesText([name])
        case .enumType(let name): enumText(name).joined(separator: "\n")
        }
    }

    func methodTable() -> String {
        let rows = description.methods.map { method in
            [method.name, Self.kind(method), method.requestType + " -> " + method.responseType, method.requiresToken ? "" : "no token",
             Self.firstLine(docs.comment(Self.docName(method)))]
        }
        return Table(header: ["METHOD", "KIND", "TYPES", "", "DESCRIPTION"], rows: rows, maxCell: 200).render()
    }

    func methodText(_ method: Tibs_Reflection_V1_MethodDescription) -> String {
        let request = method.clientStreaming ? "stream " + method.requestType : method.requestType
        let response = method.serverStreaming ? "stream " + method.responseType : method.responseType
        let lines = Self.commentLines(docs.comment(Self.docName(method)), indent: "")
            + ["rpc \(method.name)(\(request)) returns (\(response))",
               "  \(Self.kind(method)), \(method.requiresToken ? "token required" : "no token needed")", ""]
        return (lines + [typesText([method.requestType, method.responseType])]).joined(separator: "\n")
    }

    func serviceText(_ name: String) -> String {
        var lines = Self.commentLines(docs.comment(name), indent: "") + ["service \(name) {"]
        for method in docs.services[name] ?? [] {
            let path = "/\(name)/\(method)"
            lines += Self.commentLines(docs.comment(name + "." + method), indent: "  ")
            if let described = description.methods.first(where: { $0.name == path }) {
                let request = described.clientStreaming ? "stream " + described.requestType : described.requestType
                let response = described.serverStreaming ? "stream " + described.responseType : described.responseType
                lines.append("  rpc \(method)(\(request)) returns (\(response));\(described.requiresToken ? "" : "  // no token needed")")
            } else {
                lines.append("  // rpc \(method): declared, not served by this server")
            }
        }
        return (lines + ["}"]).joined(separator: "\n")
    }

    /// The messages named and every message and enum they reach, each once, .proto-like.
    func typesText(_ roots: [String]) -> String {
        var lines: [String] = []
        var enumsSeen: Set<String> = []
        for name in reachable(roots) {
            guard let type = pool.messages[name] else { continue }
            lines += Self.commentLines(docs.comment(name), indent: "") + ["message \(name) {"]
            for field in type.fields {
                lines += Self.commentLines(docs.comment(name + "." + field.name), indent: "  ")
                lines.append("  \(fieldDeclaration(field));" + (field.jsonName == field.name ? "" : "  // JSON: \(field.jsonName)"))
                if field.type == .enum { enumsSeen.insert(field.typeName) }
            }
            lines.append("}")
        }
        for name in enumsSeen.sorted() where docs.comments.keys.contains(where: { $0.hasPrefix(name + ".") }) || !docs.comment(name).isEmpty {
            lines += [""] + enumText(name)
        }
        return lines.joined(separator: "\n")
    }

    func enumText(_ name: String) -> [String] {
        guard let type = pool.enums[name] else { return [] }
        var lines = Self.commentLines(docs.comment(name), indent: "") + ["enum \(name) {"]
        for (number, value) in type.names.sorted(by: { $0.key < $1.key }) {
            lines += Self.commentLines(docs.comment(name + "." + value), indent: "  ")
            lines.append("  \(value) = \(number);")
        }
        return lines + ["}"]
    }

    /// Message names reachable from `roots` through message fields (map values too), breadth
    /// first, without the well-known types.
    func reachable(_ roots: [String]) -> [String] {
        var seen: Set<String> = []
        var order: [String] = []
        var queue = roots
        while !queue.isEmpty {
            let name = queue.removeFirst()
            guard !name.hasPrefix("google.protobuf."), let type = pool.messages[name], seen.insert(name).inserted else { continue }
            order.append(name)
            for field in type.fields where field.type == .message || field.type == .group {
                if let entry = pool.messages[field.typeName], entry.isMapEntry, let value = entry.field(number: 2) {
                    if !value.typeName.isEmpty { queue.append(value.typeName) }
                } else {
                    queue.append(field.typeName)
                }
            }
        }
        return order
    }

    /// `repeated tibs.common.v1.Code nace_codes = 7`, `map<string, string> metadata = 3`,
    /// `tibs.health.v1.HealthCheckResponse.ServingStatus {…} status = 1`.
    func fieldDeclaration(_ field: DescriptorPool.Field) -> String {
        let (label, type) = fieldType(field)
        return "\(label)\(type) \(field.name) = \(field.number)"
    }

    /// The label ("repeated ", "optional " or "") and the type text of a field.
    func fieldType(_ field: DescriptorPool.Field) -> (label: String, type: String) {
        var typeText: String
        switch field.type {
        case .message, .group:
            if let entry = pool.messages[field.typeName], entry.isMapEntry, let key = entry.field(number: 1), let value = entry.field(number: 2) {
                return ("", "map<\(Self.scalarName(key)), \(value.typeName.isEmpty ? Self.scalarName(value) : value.typeName)>")
            }
            typeText = field.typeName
        case .enum:
            let values = pool.enums[field.typeName].map { $0.names.sorted { $0.key < $1.key }.map(\.value).joined(separator: "|") } ?? ""
            typeText = field.typeName + " {" + values + "}"
        default:
            typeText = Self.scalarName(field)
        }
        return (field.isRepeated ? "repeated " : field.tracksPresence ? "optional " : "", typeText)
    }

    static func scalarName(_ field: DescriptorPool.Field) -> String {
        switch field.type {
        case .double: "double"
        case .float: "float"
        case .int64: "int64"
        case .uint64: "uint64"
        case .int32: "int32"
        case .fixed64: "fixed64"
        case .fixed32: "fixed32"
        case .bool: "bool"
        case .string: "string"
        case .bytes: "bytes"
        case .uint32: "uint32"
        case .sfixed32: "sfixed32"
        case .sfixed64: "sfixed64"
        case .sint32: "sint32"
        case .sint64: "sint64"
        default: field.typeName
        }
    }

    /// A comment as `// ` lines (escaped: it is the server's text), or nothing.
    static func commentLines(_ comment: String, indent: String) -> [String] {
        guard !comment.isEmpty else { return [] }
        return comment.split(separator: "\n", omittingEmptySubsequences: false).map { indent + "// " + TerminalText.escape(String($0)) }
    }

    /// The first sentence of a comment on one line, for the method table.
    static func firstLine(_ comment: String) -> String {
        let text = comment.split(separator: "\n").joined(separator: " ")
        guard let end = text.range(of: ". ") else { return text }
        return String(text[..<end.lowerBound]) + "."
    }

    // MARK: JSON

    func json(_ subject: Subject?) -> JSONValue {
        switch subject {
        case nil:
            let services = Set(description.methods.map { String($0.name.split(separator: "/").first ?? "") }).sorted()
            return .object([JSONMember("services", .array(services.map(serviceJSON))),
                            JSONMember("methods", .array(description.methods.map(methodJSON)))])
        case .method(let method):
            return .object([JSONMember("method", methodJSON(method)),
                            JSONMember("messages", .array(reachable([method.requestType, method.responseType]).map(messageJSON)))])
        case .service(let name):
            return .object([JSONMember("service", serviceJSON(name)),
                            JSONMember("methods", .array(description.methods.filter { $0.name.hasPrefix("/\(name)/") }.map(methodJSON)))])
        case .message(let name):
            return .object([JSONMember("message", messageJSON(name)),
                            JSONMember("messages", .array(reachable([name]).dropFirst().map(messageJSON)))])
        case .enumType(let name):
            return .object([JSONMember("enum", enumJSON(name))])
        }
    }

    func serviceJSON(_ name: String) -> JSONValue {
        .object([JSONMember("name", .string(name)), JSONMember("comment", .string(docs.comment(name)))])
    }

    func methodJSON(_ method: Tibs_Reflection_V1_MethodDescription) -> JSONValue {
        .object([JSONMember("name", .string(method.name)), JSONMember("kind", .string(Self.kind(method))),
                 JSONMember("requestType", .string(method.requestType)), JSONMember("responseType", .string(method.responseType)),
                 JSONMember("requiresToken", .bool(method.requiresToken)),
                 JSONMember("comment", .string(docs.comment(Self.docName(method))))])
    }

    func messageJSON(_ name: String) -> JSONValue {
        let fields = pool.messages[name]?.fields ?? []
        return .object([JSONMember("name", .string(name)), JSONMember("comment", .string(docs.comment(name))),
                        JSONMember("fields", .array(fields.map { field in
                            let (label, type) = fieldType(field)
                            return .object([
                                JSONMember("name", .string(field.name)), JSONMember("jsonName", .string(field.jsonName)),
                                JSONMember("number", .number(String(field.number))),
                                JSONMember("label", .string(label.trimmingCharacters(in: .whitespaces))),
                                JSONMember("type", .string(field.type == .enum ? field.typeName : type)),
                                JSONMember("comment", .string(docs.comment(name + "." + field.name))),
                            ])
                        }))])
    }

    func enumJSON(_ name: String) -> JSONValue {
        let values = (pool.enums[name]?.names ?? [:]).sorted { $0.key < $1.key }
        return .object([JSONMember("name", .string(name)), JSONMember("comment", .string(docs.comment(name))),
                        JSONMember("values", .array(values.map { number, value in
                            .object([JSONMember("name", .string(value)), JSONMember("number", .number(String(number))),
                                     JSONMember("comment", .string(docs.comment(name + "." + value)))])
                        }))])
    }
}
