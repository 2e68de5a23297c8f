import Foundation
import NIOCore
import SwiftProtobuf
import TIBSProto

/// The default largest frame either side accepts (PROTOCOL.md: 4 MiB, configurable per service).
public let defaultMaxFrameLength = 4 * 1024 * 1024

/// Why a byte stream stopped being a TIBS-RPC stream. Mapped to a `GoAway` by the connection handlers.
public enum FrameDecodingError: Error, Equatable, Sendable {
    /// A length prefix over the limit: refused before any of the body is buffered.
    case frameTooLarge(length: UInt32, limit: Int)
}

/// Splits a byte stream into frame bodies: a big-endian `UInt32` length, then that many bytes.
///
/// The length is checked against `maxFrameLength` as soon as its four bytes arrive, so an
/// oversized frame is refused without buffering its body. The body is returned as a slice of the
/// inbound buffer (no copy); consumed bytes are discarded by `NIOSingleStepByteToMessageProcessor`.
public struct FrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer
    static let prefixLength = 4

    public let maxFrameLength: Int

    public init(maxFrameLength: Int = defaultMaxFrameLength) {
        self.maxFrameLength = maxFrameLength
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return nil }
        guard Int(length) <= maxFrameLength else {
            throw FrameDecodingError.frameTooLarge(length: length, limit: maxFrameLength)
        }
        guard buffer.readableBytes >= Self.prefixLength + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: Self.prefixLength)
        return buffer.readSlice(length: Int(length))
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try decode(buffer: &buffer)
    }
}

/// Encodes and decodes `Frame` messages to and from their length-prefixed wire form, without
/// intermediate copies: frames are serialised straight into the outgoing buffer and decoded
/// straight from the inbound one.
public enum FrameCoding {
    /// One length-prefixed frame in a new buffer.
    public static func encode(_ frame: Tibs_Rpc_V1_Frame) throws -> ByteBuffer {
        let framed: LengthPrefixedBytes = try frame.serializedBytes()
        return framed.buffer
    }

    /// Decodes a frame body (the bytes after the length prefix).
    public static func decode(_ body: ByteBuffer) throws -> Tibs_Rpc_V1_Frame {
        try Tibs_Rpc_V1_Frame(serializedBytes: body.readableBytesSpan)
    }
}

/// The bytes SwiftProtobuf serialises a frame into: a `ByteBuffer` that already holds the 4-byte
/// length prefix, so the encoded frame goes to the channel as it is (SwiftProtobuf asks for the
/// exact size first, then fills the bytes in place).
struct LengthPrefixedBytes: SwiftProtobufContiguousBytes {
    private(set) var buffer: ByteBuffer

    init(repeating: UInt8, count: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: FrameDecoder.prefixLength + count)
        buffer.writeInteger(UInt32(count))
        buffer.writeRepeatingByte(repeating, count: count)
    }

    init<S: Sequence>(_ sequence: S) where S.Element == UInt8 {
        let bytes = Array(sequence)
        self.init(repeating: 0, count: bytes.count)
        buffer.setBytes(bytes, at: buffer.readerIndex + FrameDecoder.prefixLength)
    }

    var count: Int { buffer.readableBytes - FrameDecoder.prefixLength }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeReadableBytes { all in
            try body(UnsafeRawBufferPointer(rebasing: all[FrameDecoder.prefixLength...]))
        }
    }

    mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try buffer.withUnsafeMutableReadableBytes { all in
            try body(UnsafeMutableRawBufferPointer(rebasing: all[FrameDecoder.prefixLength...]))
        }
    }
}

extension Tibs_Rpc_V1_Frame {
    static func goAway(_ code: StatusCode, _ detail: String) -> Self {
        var frame = Self()
        frame.goAway = .with { $0.code = code.rawValue; $0.detail = AnswerLimits.truncated(detail, to: AnswerLimits.maxDetailBytes) }
        return frame
    }

    static func ping(_ data: UInt64) -> Self {
        var frame = Self()
        frame.ping = .with { $0.data = data }
        return frame
    }

    static func pong(_ data: UInt64) -> Self {
        var frame = Self()
        frame.pong = .with { $0.data = data }
        return frame
    }

    static func close(callID: UInt32, _ close: Tibs_Rpc_V1_Close) -> Self {
        var frame = Self()
        frame.callID = callID
        frame.close = close
        return frame
    }

    static func payload(callID: UInt32, _ bytes: [UInt8]) -> Self {
        var frame = Self()
        frame.callID = callID
        frame.payload = Data(bytes)
        return frame
    }
}
