import Atomics
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import NIOConcurrencyHelpers

/// How a server listens and what it enforces; defaults are PROTOCOL.md's.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests); read it back with `RPCServer.localPort()`.
    public var port: Int
    /// `nil` only in tests that ask for plaintext explicitly.
    public var tls: ServerTLS?
    public var connection = ConnectionLimits()
    /// Established (TLS done) connections. One more takes the slot of the connection idle longest
    /// (no call open for at least `idleEvictionAfter`), which is sent away with GoAway; with none
    /// idle that long, the new one is closed once its handshake finishes.
    public var maxConnections = 1024
    /// How long a connection must have had no call open before a newcomer at `maxConnections` may
    /// take its slot; nil: never (a full server refuses newcomers until the idle timeout).
    public var idleEvictionAfter: TimeAmount? = .seconds(10)
    /// TLS handshakes in progress at once, counted apart from `maxConnections` and well below it:
    /// when full, the oldest pending handshake is closed to make room for the new one.
    public var maxPendingHandshakes = 128
    public var handshakeTimeout: TimeAmount = .seconds(10)
    /// The handshake timeout of connections accepted while pending handshakes fill three
    /// quarters of `maxPendingHandshakes` (a flood of sockets that never finish TLS).
    public var handshakeTimeoutUnderPressure: TimeAmount = .seconds(1)
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
    private let state = NIOLockedValueBox<State>(.idle)
    /// The TLS context new connections get; `replaceTLS` swaps it (certificate rotation).
    private let currentTLS = NIOLockedValueBox<NIOSSLContext?>(nil)
    private let openConnections = ManagedAtomic<Int>(0)
    private let acceptedConnections = ManagedAtomic<Int>(0)
    private let metrics = ServerMetrics()
    private let admission: NIOLockedValueBox<Admission>

    /// `ConnectionAdmission`'s counts, with the pending channels it may tell the server to evict.
    private struct Admission: Sendable {
        var rules: ConnectionAdmission<ObjectIdentifier>
        var pendingChannels: [ObjectIdentifier: any Channel] = [:]
        /// Every open connection's idle mark, for the choice at the limit.
        var idleMarks: [ObjectIdentifier: IdleMark] = [:]
    }

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
        self.admission = NIOLockedValueBox(Admission(rules: ConnectionAdmission(
            maxPending: configuration.maxPendingHandshakes, maxEstablished: configuration.maxConnections,
            evictIdleAfter: configuration.idleEvictionAfter.map { UInt64(max(0, $0.nanoseconds)) })))
    }

    /// The address the server listens on, once bound (waits for `run()` to bind).
    public func localAddress() async throws -> SocketAddress { try await bound.futureResult.get() }

    public func localPort() async throws -> Int {
        guard let port = try await localAddress().port else { throw RPCError(.internal, "listening address has no port") }
        return port
    }

    /// Connections currently open (for tests and metrics).
    public var connectionCount: Int { openConnections.load(ordering: .relaxed) }

    /// Connections whose TLS handshake is done (or that use no TLS), counted against `maxConnections`.
    public var establishedConnectionCount: Int { admission.withLockedValue { $0.rules.established.count } }

    /// Connections still in their TLS handshake, counted against `maxPendingHandshakes`.
    public var pendingHandshakeCount: Int { admission.withLockedValue { $0.rules.pending.count } }

    /// Connections accepted since the server started, refused ones included (tests count reconnects).
    public var acceptedConnectionCount: Int { acceptedConnections.load(ordering: .relaxed) }

    /// Swaps in a new certificate and key (and client-CA policy) for connections accepted from now
    /// on; established connections keep theirs. Throws, changing nothing, when the PEM does not
    /// make a TLS context (a half-written file, a key that does not match the certificate).
    public func replaceTLS(_ tls: ServerTLS) throws {
        let context = try tls.makeContext()
        currentTLS.withLockedValue { $0 = context }
    }

    public func run() async throws {
        if let tls = configuration.tls, currentTLS.withLockedValue({ $0 }) == nil {
            try replaceTLS(tls)
        }
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
                        try self.setUpConnection(channel, sslContext: self.currentTLS.withLockedValue { $0 })
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
        let startedRunning: Bool = state.withLockedValue { state in
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
        let (channel, connections): ((any Channel)?, [ConnectionBridge]) = state.withLockedValue { state in
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

    /// Sends GoAway on every open connection and closes each once its calls are done, as the idle
    /// timeout does, while the server keeps accepting: clients reconnect. For tests, which need
    /// the server to drop a connection at a moment they choose rather than after a timer.
    func goAwayOnEveryConnection(grace: TimeAmount = .seconds(10)) {
        let connections: [ConnectionBridge] = state.withLockedValue { state in
            guard case .running(_, let connections) = state else { return [] }
            return Array(connections.values)
        }
        for connection in connections { connection.shutdown(grace: grace) }
    }

    /// Runs on the child channel's event loop, before the connection task exists.
    private func setUpConnection(_ channel: any Channel, sslContext: NIOSSLContext?) throws -> ServerConnection? {
        acceptedConnections.wrappingIncrement(ordering: .relaxed)
        let count = openConnections.wrappingIncrementThenLoad(ordering: .relaxed)
        metrics.connections.record(count)
        let id = ObjectIdentifier(channel)
        let idleMark = IdleMark()
        channel.closeFuture.whenComplete { _ in
            self.admission.withLockedValue { admission in
                admission.rules.closed(id)
                admission.pendingChannels[id] = nil
                admission.idleMarks[id] = nil
            }
            self.metrics.connections.record(self.openConnections.wrappingDecrementThenLoad(ordering: .relaxed))
        }
        let (admitted, evicted): (ConnectionAdmission<ObjectIdentifier>.Admitted, (any Channel)?) = admission.withLockedValue { admission in
            let admitted = admission.rules.accepted(id)
            admission.pendingChannels[id] = channel
            admission.idleMarks[id] = idleMark
            return (admitted, admitted.evict.flatMap { admission.pendingChannels.removeValue(forKey: $0) })
        }
        if let evicted {
            logger.debug("pending TLS handshakes at their limit: closed the oldest", metadata: ["limit": "\(configuration.maxPendingHandshakes)"])
            evicted.close(promise: nil)
        }
        let pipeline = channel.pipeline.syncOperations
        if let sslContext {
            try pipeline.addHandler(ALPNGuardHandler())
            try pipeline.addHandler(NIOSSLServerHandler(context: sslContext))
            // After the TLS handler: its `handshakeCompleted` event travels towards the tail, and
            // only a handler behind it sees the event and disarms the timer.
            let timeout = admitted.underPressure ? configuration.handshakeTimeoutUnderPressure : configuration.handshakeTimeout
            try pipeline.addHandler(HandshakeTimeoutHandler(timeout: timeout) { self.handshakeCompleted(id) })
        } else if !handshakeCompleted(id) {
            channel.close(promise: nil)
            return nil
        }
        try pipeline.addHandler(ByteToMessageHandler(FrameDecoder(maxFrameLength: configuration.connection.maxFrameLength)))
        let ended = channel.eventLoop.makePromise(of: [Task<Void, Never>].self)
        let handler = ServerConnectionHandler(
            router: router, authenticator: authenticator, limits: configuration.connection,
            ended: ended, logger: logger, metrics: metrics, usesTLS: sslContext != nil, idleMark: idleMark)
        try pipeline.addHandler(handler)
        let bridge = handler.makeBridge(eventLoop: channel.eventLoop)
        let shuttingDown: Bool = state.withLockedValue { state in
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

    /// Moves a connection from pending to established; false (close it) at `maxConnections` when
    /// no connection has been idle long enough to make room.
    private func handshakeCompleted(_ id: ObjectIdentifier) -> Bool {
        let completion = admission.withLockedValue { admission in
            admission.pendingChannels[id] = nil
            let marks = admission.idleMarks
            return admission.rules.handshakeCompleted(id, now: NIODeadline.now().uptimeNanoseconds) { marks[$0]?.idleSince }
        }
        switch completion {
        case .kept:
            return true
        case .keptInPlaceOf(let idle):
            logger.info("connection limit reached: sent the connection idle longest away", metadata: ["limit": "\(configuration.maxConnections)"])
            let bridge: ConnectionBridge? = state.withLockedValue { state in
                guard case .running(_, let connections) = state else { return nil }
                return connections[idle]
            }
            // The grace of a shutdown: a call it opens before the GoAway arrives still finishes.
            bridge?.shutdown(grace: configuration.shutdownGracePeriod, reason: "connection limit reached: this connection was idle longest")
            return true
        case .refused:
            logger.warning("connection refused: limit reached", metadata: ["limit": "\(configuration.maxConnections)"])
            return false
        }
    }

    private func serve(_ connection: ServerConnection) async {
        // The connection's calls run in tasks it started; once it is closed, wait for those left.
        let remaining = (try? await connection.ended.get()) ?? []
        for task in remaining { await task.value }
        state.withLockedValue { state in
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
