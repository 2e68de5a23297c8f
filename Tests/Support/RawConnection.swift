import NIOCore
import NIOPosix
import NIOSSL
import TIBSRPC

/// A bare byte pipe to a server, TLS or plaintext: tests write hand-built bytes and read what
/// comes back, without the project's framing or client code in between.
public final class RawConnection {
    let channel: any Channel
    private var inbound: AsyncStream<ByteBuffer>.AsyncIterator

    init(channel: any Channel, inbound: AsyncStream<ByteBuffer>) {
        self.channel = channel
        self.inbound = inbound.makeAsyncIterator()
    }

    /// Connects; with `tls` the handshake happens on first write. `alpn` nil sends no ALPN extension.
    public static func connect(port: Int, tls: ClientTLS? = TestPKI.shared.clientTLS, alpn: [String]? = nil) async throws -> RawConnection {
        let sslContext: NIOSSLContext? = try tls.map { tls in
            var config = TLSConfiguration.makeClientConfiguration()
            config.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array((tls.trustRootsPEM ?? "").utf8)))
            if let alpn { config.applicationProtocols = alpn }
            return try NIOSSLContext(configuration: config)
        }
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: "localhost"))
                    }
                    try channel.pipeline.syncOperations.addHandler(Collector(continuation: continuation))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, inbound: stream)
    }

    public func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Everything the server sends until it closes the connection (or `limit` bytes arrive).
    public func readUntilClosed(limit: Int = 1 << 20) async -> [UInt8] {
        var received: [UInt8] = []
        while let buffer = await inbound.next() {
            received += buffer.readableBytesView
            if received.count >= limit { break }
        }
        return received
    }

    /// Reads until at least `count` bytes arrived or the connection closed.
    public func read(atLeast count: Int) async -> [UInt8] {
        var received: [UInt8] = []
        while let buffer = await inbound.next() {
            received += buffer.readableBytesView
            if received.count >= count { break }
        }
        return received
    }

    public var isActive: Bool { channel.isActive }

    /// Stops reading from the socket, like a client that never consumes what it asked for.
    public func stopReading() async throws {
        try await channel.setOption(ChannelOptions.autoRead, value: false).get()
    }

    public func close() async { try? await channel.close() }

    deinit { channel.close(promise: nil) }
}

private final class Collector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let continuation: AsyncStream<ByteBuffer>.Continuation
    init(continuation: AsyncStream<ByteBuffer>.Continuation) { self.continuation = continuation }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        continuation.yield(unwrapInboundIn(data))
    }
    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
