import Foundation
import SwiftProtobuf
import TIBSProto

/// Finds enum fields holding a number their schema does not name.
///
/// Proto3 enums are open: an unknown number decodes as `UNRECOGNIZED(n)`, and a handler that maps
/// it to its domain reads it as "unspecified" — a filter silently dropped, a status silently
/// defaulted. The router checks every unary and server-streaming request with this before its
/// handler runs and answers INVALID_ARGUMENT naming each such field; client-streaming handlers
/// check each message themselves (so one bad row is reported as that row, not as the whole stream).
public enum UnknownEnumValues {
    /// The violations of `message`, fields named by proto path (`fields.status`,
    /// `support_used[2].form`), at most `limit` of them.
    public static func violations(in message: some Message, limit: Int = 100) -> [Violation] {
        let name = type(of: message).protoMessageName
        // Most requests (gets, echoes) have no enum field anywhere: no traversal for them.
        guard ProtoFieldNames.mayHoldEnums(name) else { return [] }
        var visitor = Visitor(typeName: type(of: message).protoMessageName, path: "", limit: limit)
        try? message.traverse(visitor: &visitor)
        return visitor.found
    }

    /// Throws INVALID_ARGUMENT when `message` holds an unknown enum number.
    public static func check(_ message: some Message) throws {
        let found = violations(in: message)
        if !found.isEmpty { throw RPCError.invalidArgument(found) }
    }

    fileprivate static func isKnown<E: SwiftProtobuf.Enum>(_ value: E) -> Bool {
        // Generated proto3 enums are CaseIterable over their named cases (UNRECOGNIZED excluded).
        guard let value = value as? any (CaseIterable & Equatable) else { return true }
        return isNamedCase(value)
    }

    private static func isNamedCase<T: CaseIterable & Equatable>(_ value: T) -> Bool {
        T.allCases.contains(value)
    }

    fileprivate static func description<E: SwiftProtobuf.Enum>(_ value: E) -> String {
        "\(value.rawValue) is not a value of \(String(describing: E.self)); leave the field unset or use a documented value"
    }
}

/// Proto field names by message and number, from the descriptor set compiled into TIBSProto
/// (``DescriptorSelection/allFiles``).
enum ProtoFieldNames {
    private struct Schema {
        var names: [String: [Int: String]] = [:]
        /// Messages with an enum field, directly or in a message field at any depth.
        var holdingEnums: Set<String> = []
    }

    private static let schema: Schema = {
        var schema = Schema()
        var messageFields: [String: [String]] = [:]
        func add(_ message: Google_Protobuf_DescriptorProto, prefix: String) {
            let name = prefix + message.name
            schema.names[name] = Dictionary(message.field.map { (Int($0.number), $0.name) }, uniquingKeysWith: { first, _ in first })
            if message.field.contains(where: { $0.type == .enum }) { schema.holdingEnums.insert(name) }
            messageFields[name] = message.field.filter { $0.type == .message || $0.type == .group }.map { String($0.typeName.dropFirst()) }
            for nested in message.nestedType { add(nested, prefix: name + ".") }
        }
        for file in DescriptorSelection.allFiles {
            for message in file.messageType { add(message, prefix: file.package.isEmpty ? "" : file.package + ".") }
        }
        // Close over message fields until nothing changes (schemas are small; depth is low).
        var changed = true
        while changed {
            changed = false
            for (name, fields) in messageFields where !schema.holdingEnums.contains(name) {
                if fields.contains(where: schema.holdingEnums.contains) {
                    schema.holdingEnums.insert(name)
                    changed = true
                }
            }
        }
        return schema
    }()

    static func name(_ message: String, _ number: Int) -> String {
        schema.names[message]?[number] ?? "#\(number)"
    }

    /// False only for messages of the compiled schema known to hold no enum: unknown types are walked.
    static func mayHoldEnums(_ message: String) -> Bool {
        schema.names[message] == nil || schema.holdingEnums.contains(message)
    }
}

private struct Visitor: SwiftProtobuf.Visitor {
    let typeName: String
    let path: String
    let limit: Int
    var found: [Violation] = []

    init(typeName: String, path: String, limit: Int) {
        self.typeName = typeName
        self.path = path
        self.limit = limit
    }

    private func field(_ number: Int) -> String {
        let name = ProtoFieldNames.name(typeName, number)
        return path.isEmpty ? name : path + "." + name
    }

    private mutating func record<E: SwiftProtobuf.Enum>(_ value: E, at field: String) {
        guard found.count < limit, !UnknownEnumValues.isKnown(value) else { return }
        found.append(Violation(field: field, description: UnknownEnumValues.description(value)))
    }

    private mutating func descend<M: Message>(_ message: M, at field: String) {
        guard found.count < limit else { return }
        var inner = Visitor(typeName: M.protoMessageName, path: field, limit: limit - found.count)
        try? message.traverse(visitor: &inner)
        found += inner.found
    }

    mutating func visitSingularEnumField<E: SwiftProtobuf.Enum>(value: E, fieldNumber: Int) throws {
        record(value, at: field(fieldNumber))
    }

    mutating func visitRepeatedEnumField<E: SwiftProtobuf.Enum>(value: [E], fieldNumber: Int) throws {
        for (index, element) in value.enumerated() { record(element, at: "\(field(fieldNumber))[\(index)]") }
    }

    mutating func visitPackedEnumField<E: SwiftProtobuf.Enum>(value: [E], fieldNumber: Int) throws {
        try visitRepeatedEnumField(value: value, fieldNumber: fieldNumber)
    }

    mutating func visitSingularMessageField<M: Message>(value: M, fieldNumber: Int) throws {
        descend(value, at: field(fieldNumber))
    }

    mutating func visitRepeatedMessageField<M: Message>(value: [M], fieldNumber: Int) throws {
        for (index, element) in value.enumerated() { descend(element, at: "\(field(fieldNumber))[\(index)]") }
    }

    mutating func visitSingularGroupField<G: Message>(value: G, fieldNumber: Int) throws {
        descend(value, at: field(fieldNumber))
    }

    mutating func visitRepeatedGroupField<G: Message>(value: [G], fieldNumber: Int) throws {
        for (index, element) in value.enumerated() { descend(element, at: "\(field(fieldNumber))[\(index)]") }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type, value: _ProtobufEnumMap<KeyType, ValueType>.BaseType, fieldNumber: Int
    ) throws where ValueType.RawValue == Int {
        for (key, element) in value { record(element, at: "\(field(fieldNumber))[\(key)]") }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type, value: _ProtobufMessageMap<KeyType, ValueType>.BaseType, fieldNumber: Int
    ) throws {
        for (key, element) in value { descend(element, at: "\(field(fieldNumber))[\(key)]") }
    }

    // Scalars and scalar maps hold no enum values.
    mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) throws {}
    mutating func visitSingularInt64Field(value: Int64, fieldNumber: Int) throws {}
    mutating func visitSingularUInt64Field(value: UInt64, fieldNumber: Int) throws {}
    mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) throws {}
    mutating func visitSingularStringField(value: String, fieldNumber: Int) throws {}
    mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws {}
    mutating func visitMapField<KeyType, ValueType: MapValueType>(
        fieldType: _ProtobufMap<KeyType, ValueType>.Type, value: _ProtobufMap<KeyType, ValueType>.BaseType, fieldNumber: Int
    ) throws {}
    mutating func visitUnknown(bytes: Data) throws {}
}
