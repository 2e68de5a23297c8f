import Foundation
import NIOCore
import SwiftProtobuf
import Testing
import TIBSProto
@testable import TIBSRPC

/// The client's hand-written Open frames are the protobuf encoding of the Frame SwiftProtobuf would
/// write: decoded by SwiftProtobuf (as the server and every protobuf runtime decode them), they are
/// that Frame, for every shape of call.
@Suite struct OpenFrameEncoderTests {
    static let cases: [(callID: UInt32, method: String, timeoutMs: UInt64, payload: Data?, halfClose: Bool, metadata: [String: String])] = [
        (1, "/tibs.testing.v1.Echo/Get", 0, Data([1, 2, 3]), true, ["authorization": "Bearer abc"]),
        (0, "", 0, nil, false, [:]),
        (127, "/a/b", 1, Data(), true, [:]),
        (128, "/tibs.registry.v1.SmeRegistry/ImportSmes", 300_000, nil, false, ["authorization": "Bearer " + String(repeating: "x", count: 600)]),
        (UInt32.max, "/ü/ñ", UInt64.max, Data(repeating: 0x5A, count: 70_000), true,
         ["authorization": "Bearer t", "x-request-id": "r-1", "idempotency-key": "k", "empty": ""]),
    ]

    @Test(arguments: 0..<cases.count)
    func decodesAsTheFrameSwiftProtobufWouldWrite(index: Int) throws {
        let c = Self.cases[index]
        var buffer = OpenFrameEncoder(metadata: c.metadata)
            .encode(callID: c.callID, method: c.method, timeoutMs: c.timeoutMs, payload: c.payload, halfClose: c.halfClose)
        let prefix = buffer.readInteger(as: UInt32.self)
        let length = try #require(prefix)
        #expect(Int(length) == buffer.readableBytes, "the length prefix counts the body")
        let decoded = try FrameCoding.decode(buffer)

        var expected = Tibs_Rpc_V1_Frame()
        expected.callID = c.callID
        expected.open = .with {
            $0.method = c.method
            $0.timeoutMs = c.timeoutMs
            $0.metadata = c.metadata
            if let payload = c.payload { $0.payload = payload }
            $0.halfClose = c.halfClose
        }
        #expect(decoded == expected)
        #expect(decoded.open.hasPayload == (c.payload != nil), "an empty payload is still present")
        // Same size as SwiftProtobuf's encoding: nothing extra, nothing missing.
        #expect(Int(length) == (try expected.serializedBytes() as [UInt8]).count)
    }
}
