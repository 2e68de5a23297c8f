import Foundation

/// Protobuf binary wire format primitives (varint, fixed, length-delimited), enough to read and write
/// any message field by field without generated code.
enum WireType: UInt8 {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
}

struct WireReader {
    let bytes: [UInt8]
    var index: Int
    let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.index = 0
        self.end = bytes.count
    }

    init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.index = range.lowerBound
        self.end = range.upperBound
    }

    var isAtEnd: Bool { index >= end }

    struct Malformed: Error { let reason: String }

    mutating func varint() throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < end {
            let byte = bytes[index]
            index += 1
            guard shift < 64 else { throw Malformed(reason: "varint longer than 10 bytes") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw Malformed(reason: "truncated varint")
    }

    mutating func fixed32() throws(Malformed) -> UInt32 {
        guard end - index >= 4 else { throw Malformed(reason: "truncated fixed32") }
        var value: UInt32 = 0
        for shift in 0..<4 { value |= UInt32(bytes[index + shift]) << (8 * shift) }
        index += 4
        return value
    }

    mutating func fixed64() throws(Malformed) -> UInt64 {
        guard end - index >= 8 else { throw Malformed(reason: "truncated fixed64") }
        var value: UInt64 = 0
        for shift in 0..<8 { value |= UInt64(bytes[index + shift]) << (8 * shift) }
        index += 8
        return value
    }

    /// The byte range of a length-delimited value.
    mutating func lengthDelimited() throws(Malformed) -> Range<Int> {
        let length = try varint()
        guard length <= UInt64(end - index) else { throw Malformed(reason: "length beyond the end of the message") }
        let range = index..<(index + Int(length))
        index += Int(length)
        return range
    }

    mutating func tag() throws(Malformed) -> (number: Int32, wireType: WireType) {
        let key = try varint()
        guard let wireType = WireType(rawValue: UInt8(key & 7)), key >> 3 > 0, key >> 3 <= UInt64(Int32.max) else {
            throw Malformed(reason: "invalid field key \(key)")
        }
        return (Int32(key >> 3), wireType)
    }

    /// Skips a field of an unknown number (kept by the server, ignored by the JSON mapping).
    mutating func skip(_ wireType: WireType) throws(Malformed) {
        switch wireType {
        case .varint: _ = try varint()
        case .fixed64: _ = try fixed64()
        case .fixed32: _ = try fixed32()
        case .lengthDelimited: _ = try lengthDelimited()
        case .startGroup, .endGroup: throw Malformed(reason: "groups are not supported")
        }
    }
}

struct WireWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func tag(_ number: Int32, _ wireType: WireType) {
        varint(UInt64(number) << 3 | UInt64(wireType.rawValue))
    }

    mutating func fixed32(_ value: UInt32) {
        for shift in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * shift))) }
    }

    mutating func fixed64(_ value: UInt64) {
        for shift in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * shift))) }
    }

    mutating func lengthDelimited(_ number: Int32, _ payload: [UInt8]) {
        tag(number, .lengthDelimited)
        varint(UInt64(payload.count))
        bytes += payload
    }
}

enum ZigZag {
    static func encode32(_ value: Int32) -> UInt64 { UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))) }
    static func encode64(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
    static func decode32(_ value: UInt64) -> Int32 {
        let raw = UInt32(truncatingIfNeeded: value)
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
    static func decode64(_ value: UInt64) -> Int64 { Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1))) }
}
