import Foundation
import SwiftProtobuf

/// Transcodes between protobuf binary and the proto3 JSON mapping for any message type in a
/// ``DescriptorPool``: scalars, enums by name, repeated, maps, nested messages, bytes as base64,
/// 64-bit integers as strings, and the well-known Timestamp, Duration, wrappers and Empty.
///
/// Output matches SwiftProtobuf's `jsonString()` for the same message: fields in field-number order,
/// default values of fields without presence left out.
public struct DynamicJSON: Sendable {
    public let pool: DescriptorPool

    public init(pool: DescriptorPool) { self.pool = pool }

    /// Reads a serialized message of `type` as JSON.
    public func json(from data: Data, type: String) throws(DynamicJSONError) -> JSONValue {
        let bytes = [UInt8](data)
        return try json(bytes, range: 0..<bytes.count, type: pool.message(type))
    }

    func json(_ bytes: [UInt8], range: Range<Int>, type: DescriptorPool.MessageType) throws(DynamicJSONError) -> JSONValue {
        if let special = try wellKnownJSON(bytes, range: range, type: type) { return special }
        var reader = WireReader(bytes, range: range)
        // Per field (by index in type.fields): decoded values in wire order; messages keep their byte ranges.
        var values: [Int: [JSONValue]] = [:]
        var messageRanges: [Int: [Range<Int>]] = [:]
        do throws(WireReader.Malformed) {
            while !reader.isAtEnd {
                let (number, wireType) = try reader.tag()
                guard let index = type.byNumber[number] else {
                    try reader.skip(wireType)
                    continue
                }
                let field = type.fields[index]
                if field.type == .message || field.type == .group {
                    guard wireType == .lengthDelimited else { throw WireReader.Malformed(reason: "field \(field.name) has the wrong wire type") }
                    messageRanges[index, default: []].append(try reader.lengthDelimited())
                    values[index, default: []] = []
                } else if wireType == .lengthDelimited, field.isRepeated, Self.isPackable(field.type) {
                    var packed = WireReader(bytes, range: try reader.lengthDelimited())
                    while !packed.isAtEnd { values[index, default: []].append(try scalar(&packed, field: field)) }
                } else {
                    guard wireType == Self.wireType(of: field.type) else {
                        throw WireReader.Malformed(reason: "field \(field.name) has the wrong wire type")
                    }
                    values[index, default: []].append(try scalar(&reader, field: field))
                }
            }
        } catch {
            throw .malformedBinary(type: type.fullName, reason: error.reason)
        }

        var members: [JSONMember] = []
        for (index, field) in type.fields.enumerated() {
            guard let found = values[index] else { continue }
            if field.type == .message || field.type == .group {
                let nested = try pool.message(field.typeName)
                let ranges = messageRanges[index] ?? []
                if nested.isMapEntry {
                    var entries: [JSONMember] = []
                    for entryRange in ranges { entries.append(try mapEntry(bytes, range: entryRange, type: nested)) }
                    if !entries.isEmpty { members.append(JSONMember(field.jsonName, .object(entries))) }
                } else if field.isRepeated {
                    var items: [JSONValue] = []
                    for itemRange in ranges { items.append(try json(bytes, range: itemRange, type: nested)) }
                    members.append(JSONMember(field.jsonName, .array(items)))
                } else {
                    // Several occurrences of a singular message merge; decoding them back to back does that.
                    members.append(JSONMember(field.jsonName, try json(Self.concatenate(bytes, ranges), range: 0..<Self.length(ranges), type: nested)))
                }
            } else if field.isRepeated {
                if !found.isEmpty { members.append(JSONMember(field.jsonName, .array(found))) }
            } else if let last = found.last, field.tracksPresence || !isDefault(last, field: field) {
                members.append(JSONMember(field.jsonName, last))
            }
        }
        return .object(members)
    }

    private func mapEntry(_ bytes: [UInt8], range: Range<Int>, type: DescriptorPool.MessageType) throws(DynamicJSONError) -> JSONMember {
        let entry = try json(bytes, range: range, type: type)
        guard let keyField = type.field(number: 1), let valueField = type.field(number: 2) else {
            throw .malformedBinary(type: type.fullName, reason: "map entry without key or value field")
        }
        let key: String
        switch entry[keyField.jsonName] {
        case .string(let text)?: key = text
        case .number(let text)?: key = text
        case .bool(let flag)?: key = flag ? "true" : "false"
        default: key = keyField.type == .bool ? "false" : (keyField.type == .string ? "" : "0")
        }
        let value: JSONValue
        if let present = entry[valueField.jsonName] { value = present } else { value = try defaultJSON(valueField) }
        return JSONMember(key, value)
    }

    /// The JSON of a field's default value, for map entries whose value was left out on the wire.
    private func defaultJSON(_ field: DescriptorPool.Field) throws(DynamicJSONError) -> JSONValue {
        switch field.type {
        case .message, .group: return try json([], range: 0..<0, type: pool.message(field.typeName))
        case .bool: return .bool(false)
        case .string, .bytes: return .string("")
        case .enum: return .string(try pool.enumType(field.typeName).names[0] ?? "0")
        case .int64, .uint64, .sint64, .fixed64, .sfixed64: return .string("0")
        default: return .number("0")
        }
    }

    private func scalar(_ reader: inout WireReader, field: DescriptorPool.Field) throws(WireReader.Malformed) -> JSONValue {
        switch field.type {
        case .int32: return .number(String(Int32(truncatingIfNeeded: try reader.varint())))
        case .int64: return .string(String(Int64(bitPattern: try reader.varint())))
        case .uint32: return .number(String(UInt32(truncatingIfNeeded: try reader.varint())))
        case .uint64: return .string(String(try reader.varint()))
        case .sint32: return .number(String(ZigZag.decode32(try reader.varint())))
        case .sint64: return .string(String(ZigZag.decode64(try reader.varint())))
        case .bool: return .bool(try reader.varint() != 0)
        case .enum:
            let number = Int32(truncatingIfNeeded: try reader.varint())
            if let name = pool.enums[field.typeName]?.names[number] { return .string(name) }
            return .number(String(number))
        case .fixed32: return .number(String(try reader.fixed32()))
        case .sfixed32: return .number(String(Int32(bitPattern: try reader.fixed32())))
        case .float:
            let value = Float(bitPattern: try reader.fixed32())
            return Self.floatingJSON(Double(value), text: "\(value)")
        case .fixed64: return .string(String(try reader.fixed64()))
        case .sfixed64: return .string(String(Int64(bitPattern: try reader.fixed64())))
        case .double:
            let value = Double(bitPattern: try reader.fixed64())
            return Self.floatingJSON(value, text: "\(value)")
        case .string:
            let range = try reader.lengthDelimited()
            return .string(String(decoding: reader.bytes[range], as: UTF8.self))
        case .bytes:
            let range = try reader.lengthDelimited()
            return .string(Data(reader.bytes[range]).base64EncodedString())
        case .message, .group: throw WireReader.Malformed(reason: "unexpected message")
        }
    }

    /// `text` is the shortest form of the value at its own precision (Float's for floats).
    static func floatingJSON(_ value: Double, text: String) -> JSONValue {
        if value.isNaN { return .string("NaN") }
        if value.isInfinite { return .string(value < 0 ? "-Infinity" : "Infinity") }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int64(value))) }
        return .number(text)
    }

    func isDefault(_ value: JSONValue, field: DescriptorPool.Field) -> Bool {
        if field.type == .enum {
            switch value {
            case .string(let name): return pool.enums[field.typeName]?.numbers[name] == 0
            case .number(let text): return text == "0"
            default: return false
            }
        }
        switch value {
        case .bool(let flag): return !flag
        case .number(let text): return Double(text) == 0
        case .string(let text):
            switch field.type {
            case .string, .bytes: return text.isEmpty
            default: return text == "0"
            }
        default: return false
        }
    }

    static func isPackable(_ type: Google_Protobuf_FieldDescriptorProto.TypeEnum) -> Bool {
        switch type {
        case .string, .bytes, .message, .group: false
        default: true
        }
    }

    static func wireType(of type: Google_Protobuf_FieldDescriptorProto.TypeEnum) -> WireType {
        switch type {
        case .fixed32, .sfixed32, .float: .fixed32
        case .fixed64, .sfixed64, .double: .fixed64
        case .string, .bytes, .message, .group: .lengthDelimited
        default: .varint
        }
    }

    private static func concatenate(_ bytes: [UInt8], _ ranges: [Range<Int>]) -> [UInt8] {
        ranges.count == 1 ? Array(bytes[ranges[0]]) : ranges.flatMap { bytes[$0] }
    }

    private static func length(_ ranges: [Range<Int>]) -> Int { ranges.reduce(0) { $0 + $1.count } }
}
