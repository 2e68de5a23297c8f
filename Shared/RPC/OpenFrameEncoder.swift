import Foundation
import NIOCore

/// Writes a client's `Frame{call_id, open: Open{…}}` straight into its length-prefixed buffer, with
/// the client's constant metadata (the bearer token above all) encoded once, when the client is
/// made, instead of for every call. The bytes are the protobuf encoding of the same `Frame` that
/// SwiftProtobuf writes (fields in number order; map entries as key 1, value 2), so any
/// protobuf runtime — the server's SwiftProtobuf, the C library's protobuf-c — reads them as
/// that Frame, of the same size (proto3 defaults left out); `OpenFrameEncoderTests` holds them to
/// SwiftProtobuf's decoding.
struct OpenFrameEncoder: Sendable {
    /// `Open.metadata` entries, each as field 3 (tag, length, MapEntry{key, value}), in key order.
    private let metadataEntries: [UInt8]

    init(metadata: [String: String]) {
        var bytes: [UInt8] = []
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            var entry: [UInt8] = []
            Self.appendBytesField(1, Array(key.utf8), to: &entry)
            Self.appendBytesField(2, Array(value.utf8), to: &entry)
            Self.appendBytesField(3, entry, to: &bytes)
        }
        metadataEntries = bytes
    }

    /// The length-prefixed frame of one call's Open.
    func encode(callID: UInt32, method: String, timeoutMs: UInt64, payload: Data?, halfClose: Bool) -> ByteBuffer {
        let methodBytes = method.utf8.count
        var openLength = metadataEntries.count
        if methodBytes > 0 { openLength += Self.fieldLength(tagged: 1, bytes: methodBytes) }
        if timeoutMs > 0 { openLength += 1 + Self.varintLength(timeoutMs) }
        if let payload { openLength += Self.fieldLength(tagged: 4, bytes: payload.count) }
        if halfClose { openLength += 2 }
        var frameLength = Self.fieldLength(tagged: 2, bytes: openLength)
        if callID != 0 { frameLength += 1 + Self.varintLength(UInt64(callID)) }

        var buffer = ByteBufferAllocator().buffer(capacity: FrameDecoder.prefixLength + frameLength)
        buffer.writeInteger(UInt32(frameLength))
        if callID != 0 {
            buffer.writeInteger(UInt8(0x08))  // Frame.call_id, varint
            Self.writeVarint(UInt64(callID), to: &buffer)
        }
        buffer.writeInteger(UInt8(0x12))  // Frame.open, length-delimited
        Self.writeVarint(UInt64(openLength), to: &buffer)
        if methodBytes > 0 {
            buffer.writeInteger(UInt8(0x0A))  // Open.method
            Self.writeVarint(UInt64(methodBytes), to: &buffer)
            buffer.writeString(method)
        }
        if timeoutMs > 0 {
            buffer.writeInteger(UInt8(0x10))  // Open.timeout_ms, varint
            Self.writeVarint(timeoutMs, to: &buffer)
        }
        buffer.writeBytes(metadataEntries)
        if let payload {
            buffer.writeInteger(UInt8(0x22))  // Open.payload, length-delimited
            Self.writeVarint(UInt64(payload.count), to: &buffer)
            buffer.writeBytes(payload)
        }
        if halfClose { buffer.writeBytes([0x28, 0x01]) }  // Open.half_close = true
        return buffer
    }

    /// Bytes of a length-delimited field with a one-byte tag (field numbers 1–15).
    private static func fieldLength(tagged _: Int, bytes: Int) -> Int { 1 + varintLength(UInt64(bytes)) + bytes }

    private static func varintLength(_ value: UInt64) -> Int {
        var length = 1
        var rest = value >> 7
        while rest != 0 { length += 1; rest >>= 7 }
        return length
    }

    private static func writeVarint(_ value: UInt64, to buffer: inout ByteBuffer) {
        var rest = value
        while rest >= 0x80 {
            buffer.writeInteger(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        buffer.writeInteger(UInt8(rest))
    }

    private static func appendBytesField(_ number: UInt8, _ bytes: [UInt8], to output: inout [UInt8]) {
        output.append(number << 3 | 2)
        var rest = UInt64(bytes.count)
        while rest >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        output.append(UInt8(rest))
        output += bytes
    }
}
