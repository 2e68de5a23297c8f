import ArgumentParser
import Foundation
import SwiftProtobuf
import TIBSProto

/// `tibsctl describe [address] [method]`: the server's methods, or one method with its message fields
/// written like a .proto file.
struct DescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "List a server's methods, or show one method's request and response fields.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "[address] [method]")
    var arguments: [String] = []

    func run() async throws {
        var address: String?
        var method: String?
        switch arguments.count {
        case 0: break
        case 1:
            if Self.looksLikeAddress(arguments[0]) { address = arguments[0] } else { method = arguments[0] }
        case 2: (address, method) = (arguments[0], arguments[1])
        default: throw CLIFailure.usage("expected [address] [method]")
        }
        let settings = try ConnectionSettings.resolve(connection, address: address)
        let text = try await Session.with(settings) { session in
            let description = try await session.describe()
            if let method { return try Self.render(method: description.method(method), pool: description.pool) }
            return Self.renderList(description.methods)
        }
        Console.out(text)
    }

    /// host:port or [v6]:port, never a method path.
    static func looksLikeAddress(_ text: String) -> Bool {
        !text.contains("/") && (text.contains(":") || text.contains("[") || text == "localhost")
    }

    static func kind(_ method: Tibs_Reflection_V1_MethodDescription) -> String {
        method.clientStreaming ? "client-streaming" : method.serverStreaming ? "server-streaming" : "unary"
    }

    static func renderList(_ methods: [Tibs_Reflection_V1_MethodDescription]) -> String {
        let rows = methods.map { method in
            [method.name, kind(method), method.requestType + " -> " + method.responseType, method.requiresToken ? "" : "no token"]
        }
        return Table(header: ["METHOD", "KIND", "TYPES", ""], rows: rows, maxCell: 200).render()
    }

    static func render(method: Tibs_Reflection_V1_MethodDescription, pool: DescriptorPool) throws -> String {
        let request = method.clientStreaming ? "stream " + method.requestType : method.requestType
        let response = method.serverStreaming ? "stream " + method.responseType : method.responseType
        var lines = ["rpc \(method.name)(\(request)) returns (\(response))",
                     "  \(kind(method)), \(method.requiresToken ? "token required" : "no token needed")", ""]
        var seen: Set<String> = []
        var queue = [method.requestType, method.responseType]
        while !queue.isEmpty {
            let name = queue.removeFirst()
            guard seen.insert(name).inserted, let type = pool.messages[name], !name.hasPrefix("google.protobuf.") else { continue }
            lines.append("message \(name) {")
            for field in type.fields {
                var typeText: String
                switch field.type {
                case .message, .group:
                    if let entry = pool.messages[field.typeName], entry.isMapEntry, let key = entry.field(number: 1), let value = entry.field(number: 2) {
                        typeText = "map<\(scalarName(key)), \(value.typeName.isEmpty ? scalarName(value) : value.typeName)>"
                        if !value.typeName.isEmpty { queue.append(value.typeName) }
                    } else {
                        typeText = field.typeName
                        queue.append(field.typeName)
                    }
                case .enum:
                    let values = pool.enums[field.typeName].map { $0.names.sorted { $0.key < $1.key }.map(\.value).joined(separator: "|") } ?? ""
                    typeText = field.typeName + " {" + values + "}"
                default:
                    typeText = scalarName(field)
                }
                let isMap = typeText.hasPrefix("map<")
                let label = field.isRepeated && !isMap ? "repeated " : field.tracksPresence ? "optional " : ""
                let json = field.jsonName == field.name ? "" : "  // JSON: \(field.jsonName)"
                lines.append("  \(label)\(typeText) \(field.name) = \(field.number);\(json)")
            }
            lines.append("}")
        }
        return lines.joined(separator: "\n")
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
}
