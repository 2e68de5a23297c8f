import Foundation
import NIOCore
import NIOEmbedded
import Testing
import TIBSProto
@testable import TIBSRPC

/// The length-prefix decoder on its own: split input, batched input, over-limit lengths.
@Suite struct FrameDecoderTests {
    private func encoded(_ bodies: [[UInt8]]) -> [UInt8] {
        bodies.flatMap { Wire.frame($0) }
    }

    private func decodeAll(_ chunks: [[UInt8]], limit: Int = 1024) throws -> [[UInt8]] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maxFrameLength: limit)))
        var out: [[UInt8]] = []
        for chunk in chunks {
            try channel.writeInbound(ByteBuffer(bytes: chunk))
            while let body = try channel.readInbound(as: ByteBuffer.self) { out.append(Array(body.readableBytesView)) }
        }
        _ = try channel.finish()
        return out
    }

    @Test func frameSplitAtEveryByteBoundaryDecodesOnce() throws {
        let bodies: [[UInt8]] = [[1, 2, 3, 4, 5], [], [9]]
        let bytes = encoded(bodies)
        for split in 0...bytes.count {
            let decoded = try decodeAll([Array(bytes[..<split]), Array(bytes[split...])])
            #expect(decoded == bodies, "split at \(split)")
        }
        #expect(try decodeAll(bytes.map { [$0] }) == bodies)
    }

    @Test func manyFramesInOneReadAllDecode() throws {
        let bodies = (0..<500).map { [UInt8](repeating: UInt8($0 % 256), count: $0 % 17) }
        #expect(try decodeAll([encoded(bodies)]) == bodies)
    }

    @Test func lengthOverTheLimitIsRefusedFromThePrefixAlone() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maxFrameLength: 1024)))
        #expect(throws: FrameDecodingError.frameTooLarge(length: 0xFFFF_FFFF, limit: 1024)) {
            try channel.writeInbound(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF]))
        }
        _ = try? channel.finish()
    }

    @Test func lengthExactlyAtTheLimitIsAccepted() throws {
        let body = [UInt8](repeating: 1, count: 1024)
        #expect(try decodeAll([Wire.frame(body)]) == [body])
    }

    @Test func partialPrefixWaitsForMoreBytes() throws {
        var decoder = FrameDecoder(maxFrameLength: 16)
        var buffer = ByteBuffer(bytes: [0, 0, 0])
        #expect(try decoder.decode(buffer: &buffer) == nil)
        #expect(buffer.readableBytes == 3)
    }

    @Test func anEncodedFrameIsItsLengthThenSwiftProtobufsOwnBytes() throws {
        var frame = Tibs_Rpc_V1_Frame()
        frame.callID = 9
        frame.close = .with { $0.code = 5; $0.detail = "no such SME"; $0.trailers = ["x-request-id": "r-1"] }
        let expected: [UInt8] = try frame.serializedBytes()
        let buffer = try FrameCoding.encode(frame)
        #expect(buffer.readableBytes == 4 + expected.count)
        #expect(buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) == UInt32(expected.count))
        #expect(buffer.getBytes(at: buffer.readerIndex + 4, length: expected.count) == expected)
        #expect(Array(try FrameCoding.encode(Tibs_Rpc_V1_Frame()).readableBytesView) == [0, 0, 0, 0])
    }

    @Test func frameCodingRoundTripsAFrame() throws {
        var frame = Tibs_Rpc_V1_Frame()
        frame.callID = 77
        frame.open = .with { $0.method = "/a.B/C"; $0.metadata = ["k": "v"]; $0.halfClose = true; $0.payload = Data([1, 2]) }
        let buffer = try FrameCoding.encode(frame)
        var copy = buffer
        var decoder = FrameDecoder()
        let body = try #require(try decoder.decode(buffer: &copy))
        #expect(try FrameCoding.decode(body) == frame)
    }
}

/// The ClientHello reader behind the ALPN rule, on bytes that are not a usable ClientHello.
@Suite struct ClientHelloInspectorTests {
    @Test func incompleteRecordWaitsForMoreBytes() {
        #expect(ClientHelloInspector.inspect([0x16, 0x03, 0x01]) == .needMoreBytes)
        #expect(ClientHelloInspector.inspect([0x16, 0x03, 0x01, 0x00, 0x10, 0x01]) == .needMoreBytes)
    }

    @Test func nonHandshakeBytesArePassedToTLSToReject() {
        #expect(ClientHelloInspector.inspect(Array("GET / HTTP/1.1\r\n".utf8)) == .pass)
    }

    @Test func truncatedHelloInsideACompleteRecordIsPassed() {
        #expect(ClientHelloInspector.inspect([0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x00, 0x00, 0x40]) == .pass)
    }
}

/// Generated request ids: UUID-shaped, version 4, not repeated.
@Suite struct RequestIDTests {
    @Test func generatedIDsAreVersionFourUUIDsAndDistinct() {
        let ids = (0..<1000).map { _ in RequestIDs.make() }
        #expect(Set(ids).count == 1000)
        for id in ids.prefix(20) {
            #expect(UUID(uuidString: id) != nil)
            #expect(Array(id)[14] == "4")
            #expect("89ab".contains(Array(id)[19]))
        }
    }

    @Test func formattingWritesEveryNibbleZeroPadded() {
        #expect(RequestIDs.format(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210) == "01234567-89ab-cdef-fedc-ba9876543210")
        #expect(RequestIDs.format(0, 1) == "00000000-0000-0000-0000-000000000001")
    }
}
