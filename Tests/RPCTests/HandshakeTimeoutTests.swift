import NIOCore
import NIOEmbedded
import NIOTLS
import Testing
@testable import TIBSRPC

/// The handshake timeout bounds the TLS handshake only, not the connection's life. On an
/// `EmbeddedChannel` whose clock the test moves: no sleeps, no dependence on the machine's speed.
@Suite struct HandshakeTimeoutTests {
    static func channel(timeout: TimeAmount, keep: Bool = true) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(HandshakeTimeoutHandler(timeout: timeout) { keep })
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    @Test func aHandshakeNotDoneWithinTheTimeoutClosesTheConnection() throws {
        let channel = try Self.channel(timeout: .seconds(10))
        channel.embeddedEventLoop.advanceTime(by: .seconds(10) - .nanoseconds(1))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .nanoseconds(1))
        #expect(!channel.isActive)
    }

    @Test func aConnectionOutlivesTheHandshakeTimeoutOnceTLSIsUp() throws {
        let channel = try Self.channel(timeout: .seconds(2))
        channel.pipeline.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: tibsALPN))
        channel.embeddedEventLoop.advanceTime(by: .minutes(10))
        #expect(channel.isActive)
        #expect(throws: (any Error).self) { try channel.pipeline.syncOperations.handler(type: HandshakeTimeoutHandler.self) }
        _ = try channel.finish()
    }

    @Test func aHandshakeThatCompletesOverTheConnectionLimitIsClosed() throws {
        let channel = try Self.channel(timeout: .seconds(2), keep: false)
        channel.pipeline.fireUserInboundEventTriggered(TLSUserEvent.handshakeCompleted(negotiatedProtocol: tibsALPN))
        #expect(!channel.isActive)
    }
}
