import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing
import TIBSProto
@testable import TIBSRPC

/// The client connection handler on an `EmbeddedChannel`: frames in, frames out, no sockets.
@Suite struct ClientConnectionHandlerTests {
    struct Harness {
        let channel = EmbeddedChannel()
        let handler: ClientConnectionHandler

        init() throws {
            handler = ClientConnectionHandler(handshake: channel.eventLoop.makePromise(), usesTLS: false)
            try channel.pipeline.syncOperations.addHandler(handler)
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        }

        /// Delivers a server frame (its body, as the frame decoder passes it on).
        func receive(_ frame: Tibs_Rpc_V1_Frame) throws {
            var framed = try FrameCoding.encode(frame)
            framed.moveReaderIndex(forwardBy: 4)
            try channel.writeInbound(framed)
        }

        /// Frames the handler wrote and flushed so far.
        func written() throws -> [Tibs_Rpc_V1_Frame] {
            try channel.embeddedEventLoop.run()  // flushes are coalesced into a task of their own
            var frames: [Tibs_Rpc_V1_Frame] = []
            while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
                while buffer.readableBytes >= 4, let length = buffer.readInteger(as: UInt32.self), let body = buffer.readSlice(length: Int(length)) {
                    frames.append(try FrameCoding.decode(body))
                }
            }
            return frames
        }

        func start(_ id: UInt32) throws -> EventLoopFuture<CallEnd> {
            var frame = Tibs_Rpc_V1_Frame()
            frame.callID = id
            frame.open = .with { $0.method = "/x.Y/Z"; $0.halfClose = true }
            let end = channel.eventLoop.makePromise(of: CallEnd.self)
            handler.start(id, openFrame: try FrameCoding.encode(frame), responses: nil, end: end)
            return end.futureResult
        }
    }

    static func frame(_ id: UInt32, _ body: Tibs_Rpc_V1_Frame.OneOf_Body) -> Tibs_Rpc_V1_Frame {
        var frame = Tibs_Rpc_V1_Frame()
        frame.callID = id
        frame.body = body
        return frame
    }

    /// The error a failed call ended with, or nil if it did not fail.
    static func failure(_ future: EventLoopFuture<CallEnd>) -> RPCError? {
        let error = NIOLockedValueBox<RPCError?>(nil)
        future.whenFailure { failure in error.withLockedValue { $0 = failure as? RPCError } }
        return error.withLockedValue { $0 }
    }

    @Test func aPingIsAnsweredWithAPongOfTheSameDataWithinTheSameRead() throws {
        let harness = try Harness()
        try harness.receive(Self.frame(0, .ping(.with { $0.data = 42 })))
        #expect(try harness.written().map(\.body) == [.pong(.with { $0.data = 42 })])
    }

    @Test func afterAGracefulGoAwayPingsAreStillAnsweredAndOpenCallsFinish() throws {
        let harness = try Harness()
        let open = try harness.start(1)
        _ = try harness.written()
        try harness.receive(Self.frame(0, .goAway(.with { $0.code = 14; $0.detail = "idle timeout" })))
        #expect(harness.handler.goingAway)
        let unusable = harness.handler.unusable.load(ordering: .relaxed)
        #expect(unusable)
        try harness.receive(Self.frame(0, .ping(.with { $0.data = 7 })))
        #expect(try harness.written().map(\.body) == [.pong(.with { $0.data = 7 })])
        try harness.receive(Self.frame(1, .close(.with { $0.code = 0 })))
        #expect(try open.wait().close.code == 0)
    }

    @Test func aCallStartedAfterGoAwayIsRefusedUnprocessedAndNothingIsSent() throws {
        let harness = try Harness()
        try harness.receive(Self.frame(0, .goAway(.with { $0.code = 14 })))
        let refused = try harness.start(1)
        #expect(try harness.written().isEmpty)
        let error = Self.failure(refused)
        #expect(error?.code == .unavailable)
        #expect(error?.trailers[unprocessedTrailer] == "true")
    }

    @Test func anOpenWhoseWriteFailsBecauseTheConnectionClosedIsUnprocessed() throws {
        let harness = try Harness()
        // Written but not flushed yet (flushes coalesce at the end of the tick), then the peer is gone.
        let call = try harness.start(1)
        try harness.channel.close().wait()
        let error = Self.failure(call)
        #expect(error?.code == .unavailable)
        #expect(error?.trailers[unprocessedTrailer] == "true", "the Open never left: retrying it is safe")
    }

    @Test func callsOpenWhenTheServerClosesFailWithoutTheUnprocessedMark() throws {
        let harness = try Harness()
        let call = try harness.start(1)
        _ = try harness.written()  // flushed: the server may have run it
        harness.channel.pipeline.fireChannelInactive()
        let error = Self.failure(call)
        #expect(error == RPCError(.unavailable, "connection closed by the server"))
        #expect(harness.handler.phase == .closed)
        _ = try? harness.channel.close().wait()
    }

    @Test func aGoAwayWithAnErrorCodeFailsOpenCallsWithItsCode() throws {
        let harness = try Harness()
        let call = try harness.start(1)
        _ = try harness.written()
        try harness.receive(Self.frame(0, .goAway(.with { $0.code = 3; $0.detail = "bad frame" })))
        try harness.channel.close().wait()
        #expect(Self.failure(call)?.code == .invalidArgument)
    }
}
