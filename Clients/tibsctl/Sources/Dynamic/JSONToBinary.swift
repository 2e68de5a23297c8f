import Foundation
import SwiftProtobuf

extension DynamicJSON {
    /// Serializes a JSON request as a message of `type`. Accepts both JSON names and proto field
    /// names, enum names or numbers, 64-bit integers as strings or numbers, and `null` for "not set".
    /// Unknown fields are refused, naming the field and its path.
    public func binary(from json: JSONValue, type: String) throws(DynamicJSONError) -> Data {
        Data(try encode(json, type: pool.message(type), path: ""))
    }

    func encode(_ json: JSONValue, type: DescriptorPool.MessageType, path: String) throws(DynamicJSONError) -> [UInt8] {
        if let special = try wellKnownBinary(json, type: type, path: path) { return special }
        guard case .object(let members) = json else {
            throw .invalidValue(path: path, reason: "expected a JSON object for \(type.fullName)")
        }
        var encoded: [(number: Int32, bytes: [UInt8])] = []
        var seen: Set<Int32> = []
        for member in members {
            guard let field = type.field(named: member.key) else {
                throw .unknownField(path: path, name: member.key, type: type.fullName)
            }
            let fieldPath = path.isEmpty ? field.jsonName : path + "." + field.jsonName
            guard seen.insert(field.number).inserted else {
                throw .invalidValue(path: fieldPath, reason: "set twice")
            }
            if member.value == .null && field.typeName != "google.protobuf.Value" { continue }
            var writer = WireWriter()
            try encodeField(member.value, field: field, path: fieldPath, into: &writer)
            encoded.append((field.number, writer.bytes))
        }
        return encoded.sorted { $0.number < $1.number }.flatMap(\.bytes)
    }

    private func encodeField(_ value: JSONValue, field: DescriptorPool.Field, path: String, into writer: inout WireWriter) throws(DynamicJSONError) {
        let messageType: DescriptorPool.MessageType? = (field.type == .message || field.type == .group) ? try pool.message(field.typeName) : nil
        if let messageType, messageType.isMapEntry {
            guard case .object(let entries) = value else { throw .invalidValue(path: path, reason: "expected a JSON object (a map)") }
            guard let keyField = messageType.field(number: 1), let valueField = messageType.field(number: 2) else {
                throw .invalidValue(path: path, reason: "map entry type without key or value")
            }
            for entry in entries {
                let entryPath = path + "[\(entry.key)]"
                var entryWriter = WireWriter()
                try encodeSingle(mapKey(entry.key, field: keyField, path: entryPath), field: keyField, path: entryPath, into: &entryWriter)
                if entry.value != .null {
                    try encodeSingle(entry.value, field: valueField, path: entryPath, into: &entryWriter)
                }
                writer.lengthDelimited(field.number, entryWriter.bytes)
            }
            return
        }
        if field.isRepeated {
            guard case .array(let items) = value else { throw .invalidValue(path: path, reason: "expected a JSON array") }
            if DynamicJSON.isPackable(field.type) {
                var packed = WireWriter()
                for (index, item) in items.enumerated() {
                    try encodeScalar(item, field: field, path: path + "[\(index)]", into: &packed)
                }
                if !items.isEmpty { writer.lengthDelimited(field.number, packed.bytes) }
            } else {
                for (index, item) in items.enumerated() {
                    try encodeSingle(item, field: field, path: path + "[\(index)]", into: &writer)
                }
            }
            return
        }
        try encodeSingle(value, field: field, path: path, into: &writer)
    }

    /// One value with its field key.
    private func encodeSingle(_ value: JSONValue, field: DescriptorPool.Field, path: String, into writer: inout WireWriter) throws(DynamicJSONError) {
        switch field.type {
        case .message, .group:
            writer.lengthDelimited(field.number, try encode(value, type: pool.message(field.typeName), path: path))
        case .string:
            guard case .string(let text) = value else { throw .invalidValue(path: path, reason: "expected a string") }
            writer.lengthDelimited(field.number, Array(text.utf8))
        case .bytes:
            guard case .string(let text) = value, let data = Self.base64(text) else {
                throw .invalidValue(path: path, reason: "expected base64 text")
            }
            writer.lengthDelimited(field.number, [UInt8](data))
        default:
            writer.tag(field.number, DynamicJSON.wireType(of: field.type))
            try encodeScalar(value, field: field, path: path, into: &writer)
        }
    }

    /// A numeric, bool or enum value without its key (packed arrays repeat only this part).
    private func encodeScalar(_ value: JSONValue, field: DescriptorPool.Field, path: String, into writer: inout WireWriter) throws(DynamicJSONError) {
        switch field.type {
        case .int32: writer.varint(UInt64(bitPattern: Int64(try integer(value, path: path, in: Int64(Int32.min)...Int64(Int32.max)))))
        case .sint32: writer.varint(ZigZag.encode32(Int32(try integer(value, path: path, in: Int64(Int32.min)...Int64(Int32.max)))))
        case .sfixed32: writer.fixed32(UInt32(bitPattern: Int32(try integer(value, path: path, in: Int64(Int32.min)...Int64(Int32.max)))))
        case .uint32: writer.varint(UInt64(try integer(value, path: path, in: 0...Int64(UInt32.max))))
        case .fixed32: writer.fixed32(UInt32(try integer(value, path: path, in: 0...Int64(UInt32.max))))
        case .int64: writer.varint(UInt64(bitPattern: try integer(value, path: path, in: Int64.min...Int64.max)))
        case .sint64: writer.varint(ZigZag.encode64(try integer(value, path: path, in: Int64.min...Int64.max)))
        case .sfixed64: writer.fixed64(UInt64(bitPattern: try integer(value, path: path, in: Int64.min...Int64.max)))
        case .uint64: writer.varint(try unsigned64(value, path: path))
        case .fixed64: writer.fixed64(try unsigned64(value, path: path))
        case .bool:
            guard case .bool(let flag) = value else { throw .invalidValue(path: path, reason: "expected true or false") }
            writer.varint(flag ? 1 : 0)
        case .float: writer.fixed32(Float(try floating(value, path: path)).bitPattern)
        case .double: writer.fixed64(try floating(value, path: path).bitPattern)
        case .enum:
            let type = try pool.enumType(field.typeName)
            switch value {
            case .string(let name):
                // The proto name, or the short name the typed commands take ("micro").
                guard let protoName = type.protoName(spelled: name), let number = type.numbers[protoName] else {
                    throw .invalidValue(path: path, reason: "not a \(type.fullName): " + type.refusal(name))
                }
                writer.varint(UInt64(bitPattern: Int64(number)))
            case .number:
                writer.varint(UInt64(bitPattern: try integer(value, path: path, in: Int64(Int32.min)...Int64(Int32.max))))
            default:
                throw .invalidValue(path: path, reason: "expected an enum name")
            }
        default:
            throw .invalidValue(path: path, reason: "unsupported field type \(field.type)")
        }
    }

    /// Map keys are always JSON strings; the key field's type says how to read them.
    private func mapKey(_ key: String, field: DescriptorPool.Field, path: String) throws(DynamicJSONError) -> JSONValue {
        switch field.type {
        case .string: return .string(key)
        case .bool:
            guard key == "true" || key == "false" else { throw .invalidValue(path: path, reason: "map key must be true or false") }
            return .bool(key == "true")
        default: return .string(key)  // numbers in strings are accepted by integer()
        }
    }

    private func numberText(_ value: JSONValue, path: String) throws(DynamicJSONError) -> String {
        switch value {
        case .number(let text): return text
        case .string(let text) where !text.isEmpty && !text.contains(where: \.isWhitespace): return text
        default: throw .invalidValue(path: path, reason: "expected a number")
        }
    }

    private func integer(_ value: JSONValue, path: String, in range: ClosedRange<Int64>) throws(DynamicJSONError) -> Int64 {
        let text = try numberText(value, path: path)
        let parsed: Int64
        if let exact = Int64(text) {
            parsed = exact
        } else if let double = Double(text), double == double.rounded(), let whole = Int64(exactly: double) {
            parsed = whole  // "1e3" and "5.0" are integers too
        } else {
            throw .invalidValue(path: path, reason: "'\(text)' is not an integer")
        }
        guard range.contains(parsed) else { throw .invalidValue(path: path, reason: "\(text) is out of range") }
        return parsed
    }

    private func unsigned64(_ value: JSONValue, path: String) throws(DynamicJSONError) -> UInt64 {
        let text = try numberText(value, path: path)
        if let exact = UInt64(text) { return exact }
        if let double = Double(text), double == double.rounded(), let whole = UInt64(exactly: double) { return whole }
        throw .invalidValue(path: path, reason: "'\(text)' is not an unsigned integer")
    }

    private func floating(_ value: JSONValue, path: String) throws(DynamicJSONError) -> Double {
        let text = try numberText(value, path: path)
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard let double = Double(text) else { throw .invalidValue(path: path, reason: "'\(text)' is not a number") }
            return double
        }
    }

    /// Standard or URL-safe base64, padding optional (the JSON mapping accepts both alphabets).
    static func base64(_ text: String) -> Data? {
        var normalised = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while normalised.count % 4 != 0 { normalised += "=" }
        return Data(base64Encoded: normalised)
    }
}
