import Atomics
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization

/// How a server listens and what it enforces; defaults are PROTOCOL.md's.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests); read it back with `RPCServer.localPort()`.
    public var port: Int
    /// `nil` only in tests that ask for plaintext explicitly.
    public var tls: ServerTLS?
    public var connection = ConnectionLimits()
    public var maxConnections = 1024
    public var handshakeTimeout: TimeAmount = .seconds(10)
    /// How long open calls may run after shutdown begins before they are cancelled.
    public var shutdownGracePeriod: TimeAmount = .seconds(10)

    public init(host: String, port: Int, tls: ServerTLS?) {
        self.host = host
        self.port = port
        self.tls = tls
    }
}

/// A TIBS-RPC server: one task per connection, one child task per call.
///
/// `run()` serves until cancelled or until graceful shutdown (SIGTERM via ServiceLifecycle, or
/// `beginGracefulShutdown()`): then it stops accepting, sends GoAway on every connection, lets
/// open calls finish within the grace period, and returns once all connections are closed.
public final class RPCServer: Service, Sendable {
    public let configuration: ServerConfiguration
    private let router: RPCRouter
    private let authenticator: (any CallAuthenticator)?
    private let group: any EventLoopGroup
    private let logger: Logger
    private let bound: EventLoopPromise<SocketAddress>
    private let state = Mutex<State>(.idle)
    private let openConnections = ManagedAtomic<Int>(0)
    private let acceptedConnections = ManagedAtomic<Int>(0)
    private let metrics = ServerMetrics()

    private enum State {
        case idle
        case running(serverChannel: any Channel, connections: [ObjectIdentifier: ConnectionBridge])
        case shuttingDown
    }

    public init(
        configuration: ServerConfiguration,
        router: RPCRouter,
        authenticator: (any CallAuthenticator)?,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        self.router = router
        self.authenticator = authenticator
        self.group = group
        self.logger = logger
        self.bound = group.next().makePromise(of: SocketAddress.self)
    }

    /// The address the server listens on, once bound (waits for `run()` to bind).
    public func localAddress() async throws -> SocketAddress { try await bound.futureResult.get() }

    public func localPort() async throws -> Int {
        guard let port = try await localAddress().port else { throw RPCError(.internal, "listening address has no port") }
        return port
    }

    /// Connections currently open (for tests and metrics).
    public var connectionCount: Int { openConnections.load(ordering: .relaxed) }

    /// Connections accepted since the server started, refused ones included (tests count reconnects).
    public var acceptedConnectionCount: Int { acceptedConnections.load(ordering: .relaxed) }

    public func run() async throws {
        let sslContext = try configuration.tls?.makeContext()
        let serverChannel: NIOAsyncChannel<ServerConnection?, Never>
        do {
            serverChannel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(.autoRead, value: true)
                .childChannelOption(.writeBufferWaterMark, value: .init(low: 32 * 1024, high: 256 * 1024))
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try self.setUpConnection(channel, sslContext: sslContext)
                    }
                }
        } catch {
            bound.fail(error)
            throw error
        }
        if let address = serverChannel.channel.localAddress {
            bound.succeed(address)
        } else {
            bound.fail(RPCError(.internal, "listening socket has no local address"))
        }
        let startedRunning: Bool = state.withLock { state in
            guard case .idle = state else { return false }
            state = .running(serverChannel: serverChannel.channel, connections: [:])
            return true
        }
        if !startedRunning { try? await serverChannel.channel.close() }

        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                do {
                    try await serverChannel.executeThenClose { inbound in
                        for try await connection in inbound {
                            guard let connection else { continue }
                            group.addTask { await self.serve(connection) }
                        }
                    }
                } catch {
                    // The listening socket failed (accept error, fd exhaustion): say so, as the
                    // server stops accepting and winds down once its connections have ended.
                    self.logger.error("listening socket failed; no longer accepting connections",
                                      metadata: ["error": "\(error)"])
                }
            }
        } onGracefulShutdown: {
            self.beginGracefulShutdown()
        }
    }

    /// Stops accepting and drains every connection (GoAway, grace period, close).
    public func beginGracefulShutdown() {
        let (channel, connections): ((any Channel)?, [ConnectionBridge]) = state.withLock { state in
            switch state {
            case .idle:
                state = .shuttingDown
                return (nil, [])
            case .running(let channel, let connections):
                state = .shuttingDown
                return (channel, Array(connections.values))
            case .shuttingDown:
                return (nil, [])
            }
        }
        channel?.close(promise: nil)
        for connection in connections { connection.shutdown(grace: configuration.shutdownGracePeriod) }
    }

    /// Runs on the child channel's event loop, before the connection task exists.
    private func setUpConnection(_ channel: any Channel, sslContext: NIOSSLContext?) throws -> ServerConnection? {
        acceptedConnections.wrappingIncrement(ordering: .relaxed)
        let count = openConnections.wrappingIncrementThenLoad(ordering: .relaxed)
        metrics.connections.record(count)
        channel.closeFuture.whenComplete { _ in
            self.metrics.connections.record(self.openConnections.wrappingDecrementThenLoad(ordering: .relaxed))
        }
        if count > configuration.maxConnections {
            logger.warning("connection refused: limit reached", metadata: ["limit": "\(configuration.maxConnections)"])
            channel.close(promise: nil)
            return nil
        }
        let pipeline = channel.pipeline.syncOperations
        if let sslContext {
            try pipeline.addHandler(ALPNGuardHandler())
            try pipeline.addHandler(NIOSSLServerHandler(context: sslContext))
            // After the TLS handler: its `handshakeCompleted` event travels towards the tail, and
            // only a handler behind it sees the event and disarms the timer.
            try pipeline.addHandler(HandshakeTimeoutHandler(timeout: configuration.handshakeTimeout))
        }
        try pipeline.addHandler(ByteToMessageHandler(FrameDecoder(maxFrameLength: configuration.connection.maxFrameLength)))
        let ended = channel.eventLoop.makePromise(of: [Task<Void, Never>].self)
        let handler = ServerConnectionHandler(
            router: router, authenticator: authenticator, limits: configuration.connection,
            ended: ended, logger: logger, metrics: metrics, usesTLS: sslContext != nil)
        try pipeline.addHandler(handler)
        let bridge = handler.makeBridge(eventLoop: channel.eventLoop)
        let id = ObjectIdentifier(channel)
        let shuttingDown: Bool = state.withLock { state in
            switch state {
            case .running(let server, var connections):
                connections[id] = bridge
                state = .running(serverChannel: server, connections: connections)
                return false
            case .idle: return false
            case .shuttingDown: return true
            }
        }
        if shuttingDown { bridge.shutdown(grace: configuration.shutdownGracePeriod) }
        return ServerConnection(id: id, ended: ended.futureResult)
    }

    private func serve(_ connection: ServerConnection) async {
        // The connection's calls run in tasks it started; once it is closed, wait for those left.
        let remaining = (try? await connection.ended.get()) ?? []
        for task in remaining { await task.value }
        state.withLock { state in
            if case .running(let server, var connections) = state {
                connections[connection.id] = nil
                state = .running(serverChannel: server, connections: connections)
            }
        }
    }
}

/// What the connection task needs: the call tasks still running when the connection ended.
struct ServerConnection: Sendable {
    let id: ObjectIdentifier
    let ended: EventLoopFuture<[Task<Void, Never>]>
}
