import Foundation
import SwiftProtobuf

/// The .proto comments and services of a `FileDescriptorSet` with source info (what
/// `Reflection/Describe` carries), by fully qualified name: `tibs.registry.v1.SmeRegistry`
/// (service), `tibs.registry.v1.SmeRegistry.CreateSme` (method), `tibs.registry.v1.Sme` (message
/// or enum), `tibs.registry.v1.Sme.id` (field), `tibs.registry.v1.SizeClass.SIZE_CLASS_MICRO`
/// (enum value). Beside ``DescriptorPool``, which has the types `call` transcodes with.
public struct SchemaDocs: Sendable {
    /// Leading and trailing comment of each element, joined by a line break; absent when uncommented.
    public private(set) var comments: [String: String] = [:]
    /// The leading comment alone (the one above the element), where there is one: what the
    /// schema test requires of every service, method and message.
    public private(set) var leadingComments: [String: String] = [:]
    /// Services by full name, each with its methods in declaration order.
    public private(set) var services: [String: [String]] = [:]

    public init(fileDescriptorSet: Data) throws {
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: fileDescriptorSet)
        for file in set.file { add(file) }
    }

    /// The comment of `name`, or "".
    public func comment(_ name: String) -> String { comments[name] ?? "" }

    // Field numbers of descriptor.proto that source-info paths are made of.
    private enum Tag {
        static let fileMessage: Int32 = 4, fileEnum: Int32 = 5, fileService: Int32 = 6
        static let messageField: Int32 = 2, messageNested: Int32 = 3, messageEnum: Int32 = 4
        static let enumValue: Int32 = 2, serviceMethod: Int32 = 2
    }

    private mutating func add(_ file: Google_Protobuf_FileDescriptorProto) {
        let prefix = file.package.isEmpty ? "" : file.package + "."
        var names: [[Int32]: String] = [:]
        func addMessage(_ message: Google_Protobuf_DescriptorProto, path: [Int32], fullName: String) {
            names[path] = fullName
            for (index, field) in message.field.enumerated() { names[path + [Tag.messageField, Int32(index)]] = fullName + "." + field.name }
            for (index, nested) in message.nestedType.enumerated() {
                addMessage(nested, path: path + [Tag.messageNested, Int32(index)], fullName: fullName + "." + nested.name)
            }
            for (index, nested) in message.enumType.enumerated() {
                addEnum(nested, path: path + [Tag.messageEnum, Int32(index)], fullName: fullName + "." + nested.name)
            }
        }
        func addEnum(_ type: Google_Protobuf_EnumDescriptorProto, path: [Int32], fullName: String) {
            names[path] = fullName
            // Enum values are scoped beside their enum, but shown (and looked up) under it.
            for (index, value) in type.value.enumerated() { names[path + [Tag.enumValue, Int32(index)]] = fullName + "." + value.name }
        }
        for (index, type) in file.messageType.enumerated() { addMessage(type, path: [Tag.fileMessage, Int32(index)], fullName: prefix + type.name) }
        for (index, type) in file.enumType.enumerated() { addEnum(type, path: [Tag.fileEnum, Int32(index)], fullName: prefix + type.name) }
        for (index, service) in file.service.enumerated() {
            let fullName = prefix + service.name
            names[[Tag.fileService, Int32(index)]] = fullName
            services[fullName] = service.method.map(\.name)
            for (methodIndex, method) in service.method.enumerated() {
                names[[Tag.fileService, Int32(index), Tag.serviceMethod, Int32(methodIndex)]] = fullName + "." + method.name
            }
        }
        for location in file.sourceCodeInfo.location {
            guard let name = names[location.path] else { continue }
            let text = [location.leadingComments, location.trailingComments].map(Self.clean).filter { !$0.isEmpty }.joined(separator: "\n")
            if !text.isEmpty { comments[name] = text }
            let leading = Self.clean(location.leadingComments)
            if !leading.isEmpty { leadingComments[name] = leading }
        }
    }

    /// A comment as protoc gives it (" text\n text\n") as plain lines: the one space after `//`
    /// dropped, blank lines at either end removed.
    static func clean(_ raw: String) -> String {
        let lines = raw.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix(" ") ? String(line.dropFirst()) : String(line)
        }
        return lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
