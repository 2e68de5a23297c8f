import Foundation
import SwiftProtobuf

/// The message and enum types of a `FileDescriptorSet` (what `Reflection/Describe` returns), looked up
/// by fully qualified name without the leading dot ("tibs.registry.v1.Sme").
///
/// SwiftProtobuf has no dynamic messages, so `tibsctl call` transcodes JSON ⇄ binary over these
/// descriptors itself (``DynamicJSON``).
public struct DescriptorPool: Sendable {
    public private(set) var messages: [String: MessageType] = [:]
    public private(set) var enums: [String: EnumType] = [:]

    public struct MessageType: Sendable {
        public let fullName: String
        public let fields: [Field]
        public let isMapEntry: Bool
        /// Field lookup by JSON name and by proto name (the JSON mapping accepts both).
        let byName: [String: Int]
        let byNumber: [Int32: Int]

        public func field(named name: String) -> Field? { byName[name].map { fields[$0] } }
        public func field(number: Int32) -> Field? { byNumber[number].map { fields[$0] } }
    }

    public struct Field: Sendable {
        public let name: String
        public let jsonName: String
        public let number: Int32
        public let type: Google_Protobuf_FieldDescriptorProto.TypeEnum
        /// Fully qualified message or enum type, without the leading dot; empty for scalars.
        public let typeName: String
        public let isRepeated: Bool
        /// proto3 `optional` or a oneof member: the default value is still sent when set.
        public let tracksPresence: Bool
    }

    public struct EnumType: Sendable {
        public let fullName: String
        public let names: [Int32: String]
        public let numbers: [String: Int32]
    }

    public init(fileDescriptorSet: Data) throws {
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: fileDescriptorSet)
        for file in set.file {
            let prefix = file.package.isEmpty ? "" : file.package + "."
            for message in file.messageType { add(message, prefix: prefix) }
            for enumType in file.enumType { add(enumType, prefix: prefix) }
        }
    }

    /// The pool of the protos compiled into this binary (used when a server is not needed, and in tests).
    public static func builtIn(_ descriptorSet: Data) throws -> DescriptorPool { try DescriptorPool(fileDescriptorSet: descriptorSet) }

    public func message(_ name: String) throws(DynamicJSONError) -> MessageType {
        guard let type = messages[Self.strip(name)] else { throw .unknownType(Self.strip(name)) }
        return type
    }

    func enumType(_ name: String) throws(DynamicJSONError) -> EnumType {
        guard let type = enums[Self.strip(name)] else { throw .unknownType(Self.strip(name)) }
        return type
    }

    static func strip(_ name: String) -> String { name.hasPrefix(".") ? String(name.dropFirst()) : name }

    private mutating func add(_ message: Google_Protobuf_DescriptorProto, prefix: String) {
        let fullName = prefix + message.name
        var fields: [Field] = []
        for field in message.field.sorted(by: { $0.number < $1.number }) {
            fields.append(Field(
                name: field.name,
                jsonName: field.hasJsonName ? field.jsonName : Self.lowerCamel(field.name),
                number: field.number,
                type: field.type,
                typeName: Self.strip(field.typeName),
                isRepeated: field.label == .repeated,
                tracksPresence: field.proto3Optional || field.hasOneofIndex))
        }
        var byName: [String: Int] = [:]
        var byNumber: [Int32: Int] = [:]
        for (index, field) in fields.enumerated() {
            byName[field.name] = index
            byName[field.jsonName] = index
            byNumber[field.number] = index
        }
        messages[fullName] = MessageType(fullName: fullName, fields: fields, isMapEntry: message.options.mapEntry,
                                         byName: byName, byNumber: byNumber)
        for nested in message.nestedType { add(nested, prefix: fullName + ".") }
        for nested in message.enumType { add(nested, prefix: fullName + ".") }
    }

    private mutating func add(_ enumType: Google_Protobuf_EnumDescriptorProto, prefix: String) {
        let fullName = prefix + enumType.name
        var names: [Int32: String] = [:]
        var numbers: [String: Int32] = [:]
        for value in enumType.value {
            if names[value.number] == nil { names[value.number] = value.name }  // first alias wins, as protoc does
            numbers[value.name] = value.number
        }
        enums[fullName] = EnumType(fullName: fullName, names: names, numbers: numbers)
    }

    /// protoc's default JSON name: underscores dropped, the following letter upper-cased.
    static func lowerCamel(_ name: String) -> String {
        var out = ""
        var upper = false
        for character in name {
            if character == "_" { upper = true; continue }
            out += upper ? character.uppercased() : String(character)
            upper = false
        }
        return out
    }
}

/// Why a JSON request could not become a message, or a message could not be shown as JSON.
/// Descriptions name the field path, so a user can find the mistake in their JSON.
public enum DynamicJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownType(String)
    case unknownField(path: String, name: String, type: String)
    case invalidValue(path: String, reason: String)
    case malformedBinary(type: String, reason: String)

    public var description: String {
        switch self {
        case .unknownType(let name): "the server's descriptors have no type '\(name)'"
        case .unknownField(let path, let name, let type): "\(path.isEmpty ? "" : path + ": ")\(type) has no field '\(name)'"
        case .invalidValue(let path, let reason): "\(path.isEmpty ? "request" : path): \(reason)"
        case .malformedBinary(let type, let reason): "the server sent bytes that are not a valid \(type): \(reason)"
        }
    }
}
