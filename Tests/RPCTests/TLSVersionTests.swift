import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Testing
import TIBSRPC
import TIBSTestSupport

/// Both doors of a service refuse TLS 1.0 and 1.1 and plaintext: a handshake that offers only an
/// old version fails, and bytes without TLS get no answer. Controls first prove the probe itself:
/// it completes TLS 1.2 with the same doors, and TLS 1.1 with a server that allows it.
@Suite struct TLSVersionTests {
    /// Whether a TLS handshake offering `versions` to 127.0.0.1:`port` completes.
    static func handshakes(port: Int, versions: ClosedRange<TLSVersionRank>, alpn: [String]) async throws -> Bool {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = versions.lowerBound.version
        configuration.maximumTLSVersion = versions.upperBound.version
        configuration.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(TestPKI.shared.ca.certificatePEM.utf8), format: .pem)])
        configuration.applicationProtocols = alpn
        let context = try NIOSSLContext(configuration: configuration)
        let group = MultiThreadedEventLoopGroup.singleton
        let outcome = group.next().makePromise(of: Bool.self)
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(HangBound.scaled(.seconds(60)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: "localhost"))
                    try channel.pipeline.syncOperations.addHandler(HandshakeOutcome(outcome))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let completed = try await outcome.futureResult.get()
        try? await channel.close()
        return completed
    }

    /// Plaintext bytes (a TIBS frame's length prefix and a few bytes) get no answer but a close
    /// or a TLS alert: never a TIBS or gRPC answer.
    static func plaintextGetsNoAnswer(port: Int) async throws -> Bool {
        let group = MultiThreadedEventLoopGroup.singleton
        let received = group.next().makePromise(of: [UInt8].self)
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(HangBound.scaled(.seconds(60)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collector(received)) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        var bytes = ByteBuffer()
        bytes.writeBytes([0, 0, 0, 4, 0x08, 0x01, 0x12, 0x00] + Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8))
        try await channel.writeAndFlush(bytes)
        let answer = try await received.futureResult.get()
        try? await channel.close()
        // A TLS alert record starts with content type 21; anything else would be an answer.
        return answer.isEmpty || answer.first == 21
    }

    @Test func theTIBSRPCPortRefusesTLS11AndPlaintext() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let modern = try await Self.handshakes(port: port, versions: .tls12 ... .tls13, alpn: ["tibs/1"])
            #expect(modern, "control: TLS 1.2 completes")
            let old = try await Self.handshakes(port: port, versions: .tls10 ... .tls11, alpn: ["tibs/1"])
            #expect(!old, "TLS 1.0/1.1 completed a handshake")
            let plaintext = try await Self.plaintextGetsNoAnswer(port: port)
            #expect(plaintext, "plaintext got an answer")
        }
    }

    @Test func theGRPCDoorRefusesTLS11AndPlaintext() async throws {
        try await withGRPCDoor(router: EchoService.router()) { port in
            let modern = try await Self.handshakes(port: port, versions: .tls12 ... .tls13, alpn: ["h2"])
            #expect(modern, "control: TLS 1.2 completes")
            let old = try await Self.handshakes(port: port, versions: .tls10 ... .tls11, alpn: ["h2"])
            #expect(!old, "TLS 1.0/1.1 completed a handshake")
            let plaintext = try await Self.plaintextGetsNoAnswer(port: port)
            #expect(plaintext, "plaintext got an answer")
        }
    }

    @Test func theProbeCanSpeakTLS11ToAServerThatAllowsIt() async throws {
        // Without this control a client library that cannot offer TLS 1.1 would pass the tests above.
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(TestPKI.shared.server.certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(TestPKI.shared.server.privateKeyPEM.utf8), format: .pem)))
        configuration.minimumTLSVersion = .tlsv1
        let context = try NIOSSLContext(configuration: configuration)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        let old = try await Self.handshakes(port: port, versions: .tls11 ... .tls11, alpn: [])
        #expect(old, "the probe could not speak TLS 1.1 even to a server that allows it")
        try await server.close()
    }
}

/// TLS versions in order, for ranges.
enum TLSVersionRank: Int, Comparable {
    case tls10, tls11, tls12, tls13

    var version: TLSVersion {
        switch self {
        case .tls10: .tlsv1
        case .tls11: .tlsv11
        case .tls12: .tlsv12
        case .tls13: .tlsv13
        }
    }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Succeeds with true when the handshake completes, false when the connection fails or closes first.
private final class HandshakeOutcome: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    private let outcome: EventLoopPromise<Bool>

    init(_ outcome: EventLoopPromise<Bool>) { self.outcome = outcome }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event { outcome.succeed(true) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        outcome.succeed(false)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        outcome.succeed(false)
        context.fireChannelInactive()
    }
}

/// Collects what the peer sends until it closes the connection.
private final class Collector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let received: EventLoopPromise<[UInt8]>
    private var bytes: [UInt8] = []

    init(_ received: EventLoopPromise<[UInt8]>) { self.received = received }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        bytes += buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }

    func channelInactive(context: ChannelHandlerContext) {
        received.succeed(bytes)
        context.fireChannelInactive()
    }
}
