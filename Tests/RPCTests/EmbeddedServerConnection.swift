import Foundation
import Logging
import NIOCore
import NIOEmbedded
import TIBSProto
@testable import TIBSRPC
import TIBSTestSupport

/// A `ServerConnectionHandler` on a `NIOAsyncTestingChannel`: the test sends frames, reads what
/// the server wrote, moves the event loop's clock by hand (`advance`) and decides when the
/// "socket" takes bytes (`HeldSocket`). No sockets, no sleeps: timers fire when the test says.
struct EmbeddedServerConnection {
    let loop: NIOAsyncTestingEventLoop
    let channel: NIOAsyncTestingChannel

    /// Runs `body` with a plaintext connection (the idle clock starts at once, at time 0), then closes it.
    static func with<T: Sendable>(
        router: RPCRouter, limits: ConnectionLimits = ConnectionLimits(), pingData: UInt64 = 0x5EED,
        _ body: (EmbeddedServerConnection) async throws -> T
    ) async throws -> T {
        let loop = NIOAsyncTestingEventLoop()
        let channel = NIOAsyncTestingChannel(loop: loop)
        var logger = Logger(label: "tibs.test.embedded")
        logger.logLevel = .critical
        let logged = logger
        try await loop.executeInContext {
            let ended = loop.makePromise(of: [Task<Void, Never>].self)
            try channel.pipeline.syncOperations.addHandler(HeldSocket())
            try channel.pipeline.syncOperations.addHandler(ServerConnectionHandler(
                router: router, authenticator: nil, limits: limits, ended: ended, logger: logged, usesTLS: false, pingData: pingData))
        }
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).get()
        let connection = EmbeddedServerConnection(loop: loop, channel: channel)
        do {
            let result = try await body(connection)
            try? await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
        }
    }

    func send(_ frame: Tibs_Rpc_V1_Frame) async throws {
        let body: [UInt8] = try frame.serializedBytes()
        try await channel.writeInbound(ByteBuffer(bytes: body))
    }

    /// Every frame the server has written to the socket so far, in order.
    func received() async throws -> [Tibs_Rpc_V1_Frame] {
        var frames: [Tibs_Rpc_V1_Frame] = []
        while var buffer = try await channel.readOutbound(as: ByteBuffer.self) {
            buffer.moveReaderIndex(forwardBy: FrameDecoder.prefixLength)
            frames.append(try FrameCoding.decode(buffer))
        }
        return frames
    }

    func advance(by amount: TimeAmount) async { await loop.advanceTime(by: amount) }

    var isActive: Bool { channel.isActive }

    /// Reads a value of the handler's on its event loop.
    func handler<T: Sendable>(_ read: @escaping @Sendable (ServerConnectionHandler) -> T) async throws -> T {
        try await loop.executeInContext { [channel] in read(try channel.pipeline.syncOperations.handler(type: ServerConnectionHandler.self)) }
    }

    func socket<T: Sendable>(_ body: @escaping @Sendable (HeldSocket) -> T) async throws -> T {
        try await loop.executeInContext { [channel] in body(try channel.pipeline.syncOperations.handler(type: HeldSocket.self)) }
    }

    /// Asks the pipeline to read, as the channel does when it wants more bytes from the socket.
    func requestRead() async throws {
        try await loop.executeInContext { [channel] in channel.pipeline.read() }
    }

    /// Waits (bounded, 30 s times ``HangBound/scale``) for something the handler learns from a call task on another thread.
    func waitFor(_ condition: @escaping @Sendable (ServerConnectionHandler) -> Bool) async throws {
        let end = ContinuousClock.now + HangBound.scaled(.seconds(30))
        while try await !handler(condition) {
            guard ContinuousClock.now < end else { throw RPCError(.deadlineExceeded, "condition did not hold within \(HangBound.scaled(.seconds(30)))") }
            await Task.yield()
        }
    }
}

/// Stands for the socket under the connection: while `holding`, it keeps every write (and its
/// promise) as a peer that does not read would make the kernel do; `release()` lets them through.
/// It also counts the reads the connection asks of the socket.
final class HeldSocket: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    var holding = false
    private(set) var reads = 0
    private var held: [(ByteBuffer, EventLoopPromise<Void>?)] = []
    private var context: ChannelHandlerContext?

    var heldBytes: Int { held.reduce(0) { $0 + $1.0.readableBytes } }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if holding {
            held.append((unwrapOutboundIn(data), promise))
        } else {
            context.write(data, promise: promise)
        }
    }

    func flush(context: ChannelHandlerContext) {
        if !holding { context.flush() }
    }

    func read(context: ChannelHandlerContext) {
        reads += 1
        context.read()
    }

    /// Lets `count` held writes through (all when nil) and stops holding when none are left.
    func release(_ count: Int? = nil) {
        guard let context else { return }
        let taken = count.map { min($0, held.count) } ?? held.count
        let batch = held.prefix(taken)
        held.removeFirst(taken)
        if held.isEmpty, count == nil { holding = false }
        for (buffer, promise) in batch { context.write(wrapOutboundOut(buffer), promise: promise) }
        context.flush()
    }
}
