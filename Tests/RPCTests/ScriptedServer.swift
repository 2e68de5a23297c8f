import Foundation
import NIOCore
import NIOPosix
import Synchronization
import TIBSProto
@testable import TIBSRPC

/// A plaintext TIBS-RPC peer whose answers a test scripts frame by frame, to put a client in
/// situations a real server reaches only by racing (a refusal, a GoAway, a close at one moment).
final class ScriptedServer: Sendable {
    /// What to do with one frame from the client: frames to send back, then whether to close.
    struct Reply: Sendable {
        var frames: [Tibs_Rpc_V1_Frame] = []
        var close = false
    }

    typealias Script = @Sendable (_ connection: Int, _ frame: Tibs_Rpc_V1_Frame) -> Reply

    /// Shared with the accepting closure, which runs before the server object exists.
    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    private let channel: any Channel
    private let accepted: Counter
    let port: Int

    /// Connections accepted so far.
    var acceptedCount: Int { accepted.value.load(ordering: .relaxed) }

    private init(channel: any Channel, accepted: Counter) {
        self.channel = channel
        self.accepted = accepted
        // reason: a channel bound to 127.0.0.1 has an address with a port.
        self.port = channel.localAddress!.port!
    }

    /// Connections are numbered from 1 in the order they were accepted.
    static func start(_ script: @escaping Script) async throws -> ScriptedServer {
        let accepted = Counter()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                let index = accepted.value.add(1, ordering: .relaxed).newValue
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(maxFrameLength: defaultMaxFrameLength)))
                    try channel.pipeline.syncOperations.addHandler(Handler(connection: index, script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedServer(channel: channel, accepted: accepted)
    }

    func stop() async { try? await channel.close() }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let connection: Int
        let script: Script

        init(connection: Int, script: @escaping Script) {
            self.connection = connection
            self.script = script
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard let frame = try? FrameCoding.decode(unwrapInboundIn(data)) else { return }
            let reply = script(connection, frame)
            for answer in reply.frames {
                if let buffer = try? FrameCoding.encode(answer) { context.write(wrapOutboundOut(buffer), promise: nil) }
            }
            context.flush()
            if reply.close { context.close(promise: nil) }
        }
    }
}

/// Accepts TCP connections and never says a word: a TLS client waits on its handshake.
final class SilentListener: Sendable {
    private let channel: any Channel
    let accepted: AsyncStream<any Channel>
    let port: Int

    private init(channel: any Channel, accepted: AsyncStream<any Channel>) {
        self.channel = channel
        self.accepted = accepted
        // reason: a channel bound to 127.0.0.1 has an address with a port.
        self.port = channel.localAddress!.port!
    }

    static func start() async throws -> SilentListener {
        let (stream, continuation) = AsyncStream<any Channel>.makeStream()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                continuation.yield(channel)
                return channel.eventLoop.makeSucceededVoidFuture()
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return SilentListener(channel: channel, accepted: stream)
    }

    /// The next connection a client made.
    func nextAccepted() async -> (any Channel)? {
        var iterator = accepted.makeAsyncIterator()
        return await iterator.next()
    }

    func stop() async { try? await channel.close() }
}

extension Tibs_Rpc_V1_Frame {
    static func scriptedClose(_ callID: UInt32, code: Int32, payload: Data? = nil, trailers: [String: String] = [:]) -> Self {
        var frame = Self()
        frame.callID = callID
        frame.close = .with {
            $0.code = code
            if let payload { $0.payload = payload }
            $0.trailers = trailers
        }
        return frame
    }

    static func scriptedGoAway(code: Int32, detail: String = "") -> Self {
        var frame = Self()
        frame.goAway = .with { $0.code = code; $0.detail = detail }
        return frame
    }
}

