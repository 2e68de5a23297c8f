import Histogram
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// The floor: what one TLS connection on loopback carries with no RPC layer at all. The server
/// echoes each length-prefixed frame (the same 300 serialized bytes); the client keeps N frames
/// outstanding on the connection and sends the next one as each echo arrives, all on its event
/// loop. No protobuf, no dispatch, no tasks: any RPC stack's cost is what it adds to this.
func withEchoServer<T: Sendable>(_ credentials: Credentials, group: MultiThreadedEventLoopGroup,
                                 _ body: (Int) async throws -> T) async throws -> T {
    let serverTLS = try NIOSSLContext(configuration: .makeServerConfiguration(
        certificateChain: try NIOSSLCertificate.fromPEMBytes(credentials.serverCertificateBytes).map { .certificate($0) },
        privateKey: .privateKey(try NIOSSLPrivateKey(bytes: credentials.serverKeyBytes, format: .pem))))
    let server = try await ServerBootstrap(group: group)
        .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                let pipeline = channel.pipeline.syncOperations
                try pipeline.addHandler(NIOSSLServerHandler(context: serverTLS))
                try pipeline.addHandler(ByteToMessageHandler(LengthPrefixedFrames()))
                try pipeline.addHandler(EchoHandler())
            }
        }
        .bind(host: "127.0.0.1", port: 0).get()
    guard let port = server.localAddress?.port else { throw BenchmarkFailure("echo server has no port") }
    do {
        let result = try await body(port)
        try? await server.close()
        return result
    } catch {
        try? await server.close()
        throw error
    }
}

/// The client half: N frames outstanding on one connection per level, all on its event loop.
func driveEchoFloor(port: Int, _ workload: Workload, _ plan: Plan, group: MultiThreadedEventLoopGroup,
                    meter: CPUMeter) async throws -> [LoadResult] {
    var clientConfiguration = TLSConfiguration.makeClientConfiguration()
    clientConfiguration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(workload.credentials.caCertificateBytes))
    let clientTLS = try NIOSSLContext(configuration: clientConfiguration)
    var frame = ByteBuffer()
    frame.writeInteger(UInt32(workload.requestBytes.count))
    frame.writeBytes(workload.requestBytes)

    var results: [LoadResult] = []
    for inFlight in plan.inFlight {
        // A fresh connection per level: the pipelining handler is built for one run.
        let done = group.next().makePromise(of: Histogram<UInt64>.self)
        let frameToSend = frame
        async let cpu = meter.measure(warmup: plan.warmupSeconds, seconds: plan.seconds)
        let client = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(NIOSSLClientHandler(context: clientTLS, serverHostname: nil))
                    try pipeline.addHandler(ByteToMessageHandler(LengthPrefixedFrames()))
                    try pipeline.addHandler(PipelinedEchoClient(
                        frame: frameToSend, inFlight: inFlight, warmupSeconds: plan.warmupSeconds,
                        seconds: plan.seconds, done: done))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let latencies = try await done.futureResult.get()
        try? await client.close()
        var result = LoadResult(inFlight: inFlight, seconds: plan.seconds, latencies: latencies)
        result.cpu = await cpu
        log("  nio-tls-echo, \(inFlight) in flight: \(Int(result.callsPerSecond)) calls/s")
        results.append(result)
    }
    return results
}

/// Whole frames, length prefix included, so the echo writes back the very slice it received.
struct LengthPrefixedFrames: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self),
              buffer.readableBytes >= 4 + Int(length) else { return nil }
        return buffer.readSlice(length: 4 + Int(length))
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try decode(buffer: &buffer)
    }
}

/// Writes every frame straight back; one flush per socket read, as the RPC servers coalesce.
final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.write(data, promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}

/// Keeps `inFlight` frames outstanding. Echoes come back in order, so the oldest send time in
/// the queue belongs to each arriving frame. The window opens when the TLS handshake completes.
final class PipelinedEchoClient: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let frame: ByteBuffer
    private let inFlight: Int
    private let warmupSeconds: Double
    private let seconds: Double
    private let done: EventLoopPromise<Histogram<UInt64>>
    private var window: Window?
    private var sentAt = CircularBuffer<UInt64>()
    private var latencies = makeLatencyHistogram()
    private var finished = false

    init(frame: ByteBuffer, inFlight: Int, warmupSeconds: Double, seconds: Double, done: EventLoopPromise<Histogram<UInt64>>) {
        self.frame = frame
        self.inFlight = inFlight
        self.warmupSeconds = warmupSeconds
        self.seconds = seconds
        self.done = done
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event, window == nil {
            window = Window(warmupSeconds: warmupSeconds, seconds: seconds)
            for _ in 0..<inFlight { send(context) }
            context.flush()
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func send(_ context: ChannelHandlerContext) {
        sentAt.append(Window.now())
        context.write(wrapOutboundOut(frame), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let window, let start = sentAt.popFirst() else { return }
        let end = Window.now()
        if window.counts(start: start, end: end) { _ = latencies.record(end - start) }
        if !window.isOver(end) {
            send(context)
        } else if sentAt.isEmpty {
            finish(.success(latencies))
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(ChannelError.ioOnClosedChannel))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.close(promise: nil)
    }

    private func finish(_ result: Result<Histogram<UInt64>, any Error>) {
        guard !finished else { return }
        finished = true
        done.completeWith(result)
    }
}
