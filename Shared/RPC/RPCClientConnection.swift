import Atomics
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import TIBSProto

/// How long to wait before the n-th reconnect attempt: exponential, capped, with full jitter
/// spread over `jitter` of the delay so that many clients do not reconnect in step.
public struct Backoff: Sendable {
    public var initial: Duration = .milliseconds(100)
    public var maximum: Duration = .seconds(5)
    public var multiplier: Double = 1.6
    /// Fraction of each delay that is random, 0...1.
    public var jitter: Double = 0.2
    /// Connect attempts per call before it fails with UNAVAILABLE.
    public var maxAttempts: Int = 5

    public init() {}

    public func delay(attempt: Int, random: Double = Double.random(in: 0...1)) -> Duration {
        let base = Double(initial.components.seconds) + Double(initial.components.attoseconds) / 1e18
        let cap = Double(maximum.components.seconds) + Double(maximum.components.attoseconds) / 1e18
        let raw = min(cap, base * pow(multiplier, Double(max(0, attempt))))
        let seconds = raw * (1 - jitter) + raw * jitter * random
        return .nanoseconds(Int64(seconds * 1e9))
    }
}

/// One established connection: the channel and its handler, reached from any task.
struct ClientConnection: Sendable {
    let channel: any Channel
    let handler: NIOLoopBound<ClientConnectionHandler>
    /// The handler's flag: true once the connection must not take new calls.
    let unusable: ManagedAtomic<Bool>

    var eventLoop: any EventLoop { channel.eventLoop }

    func onLoop<T: Sendable>(_ body: @escaping @Sendable (ClientConnectionHandler) -> T) -> EventLoopFuture<T> {
        let handler = self.handler
        if eventLoop.inEventLoop { return eventLoop.makeSucceededFuture(body(handler.value)) }
        return eventLoop.submit { body(handler.value) }
    }

    func onLoop(_ body: @escaping @Sendable (ClientConnectionHandler) -> Void) {
        let handler = self.handler
        if eventLoop.inEventLoop { body(handler.value) } else { eventLoop.execute { body(handler.value) } }
    }

    /// Dials, sets up TLS and framing, and waits for the TLS handshake, so trust failures surface here.
    static func connect(
        host: String, port: Int, tls: NIOSSLContext?, serverName: String?, maxFrameLength: Int,
        connectTimeout: TimeAmount, group: any EventLoopGroup
    ) async throws -> ClientConnection {
        let handshake = group.next().makePromise(of: Void.self)
        let installed = group.next().makePromise(of: (NIOLoopBound<ClientConnectionHandler>, ManagedAtomic<Bool>).self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(connectTimeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let tls {
                            let name = serverName ?? host
                            let sni = isIPAddress(name) ? nil : name
                            try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: sni))
                        }
                        try pipeline.addHandler(ByteToMessageHandler(FrameDecoder(maxFrameLength: maxFrameLength)))
                        let handler = ClientConnectionHandler(handshake: handshake, usesTLS: tls != nil)
                        try pipeline.addHandler(handler)
                        installed.succeed((NIOLoopBound(handler, eventLoop: channel.eventLoop), handler.unusable))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            handshake.fail(error)
            installed.fail(error)
            throw RPCError(.unavailable, "cannot connect to \(host):\(port): \(error)")
        }
        do {
            try await handshake.futureResult.get()
        } catch let error as RPCError {
            channel.close(promise: nil)
            throw RPCError(.unavailable, "TLS handshake with \(host):\(port) failed: \(error.detail)")
        }
        // The handler is captured at set-up: the channel may already be closing again (a server
        // refusing our certificate after the handshake), and then calls fail with its reason.
        let (handler, unusable) = try await installed.futureResult.get()
        return ClientConnection(channel: channel, handler: handler, unusable: unusable)
    }
}

func isIPAddress(_ host: String) -> Bool {
    (try? SocketAddress(ipAddress: host, port: 0)) != nil
}
