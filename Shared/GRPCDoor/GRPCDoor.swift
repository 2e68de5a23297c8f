import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TIBSRPC

/// Where and how a service's gRPC door listens; the limits mirror the TIBS-RPC server's.
public struct GRPCDoorConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (``GRPCDoor/localPort()`` tells which).
    public var port: Int
    /// The service's own certificate and client-certificate policy, as on its TIBS-RPC port.
    public var tls: ServerTLS
    /// Largest request message accepted (the TIBS-RPC frame limit).
    public var maxRequestBytes = 4 * 1024 * 1024
    /// Calls open at once on one connection (HTTP/2 concurrent streams).
    public var maxCallsPerConnection = 128
    /// Request messages of a client-streaming call buffered while its handler does not consume.
    public var requestBufferHigh = 64
    /// How long open calls may run after graceful shutdown begins before they are cancelled.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// A connection without calls for this long is closed (as on TIBS-RPC).
    public var maxIdleTime: Duration = .seconds(300)
    /// The event loops the door's connections run on (a benchmark gives it a thread of its own).
    public var eventLoopGroup: MultiThreadedEventLoopGroup = .singletonMultiThreadedEventLoopGroup

    public init(host: String, port: Int, tls: ServerTLS) {
        self.host = host
        self.port = port
        self.tls = tls
    }
}

/// Standard gRPC (HTTP/2, TLS with ALPN `h2`) beside a service's TIBS-RPC port, for clients in
/// any language: every method of the service's router under the same path, answered by the
/// same handlers with the same token check (``ForeignMethod``), field violations in gRPC's rich
/// error model, and gRPC server reflection. Built on grpc-swift-2 and grpc-swift-nio-transport.
public final class GRPCDoor: Service, Sendable {
    private let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let certificates: DoorCertificates
    private let grace: Duration
    private let logger: Logger

    /// Throws when the configuration's certificate or key does not parse.
    public init(configuration: GRPCDoorConfiguration, router: TIBSRPC.RPCRouter,
                authenticator: (any CallAuthenticator)?, logger: Logger) throws {
        let tls = configuration.tls
        let certificates = try DoorCertificates(tls)
        let security: HTTP2ServerTransport.Posix.TransportSecurity
        if tls.requireClientCertificate, let clientCA = tls.clientCATrustPEM {
            security = try .mTLS(certificateReloader: certificates) {
                $0.trustRoots = .certificates([.bytes(Array(clientCA.utf8), format: .pem)])
                $0.clientCertificateVerification = .noHostnameVerification
                $0.requireALPN = true
            }
        } else {
            security = try .tls(certificateReloader: certificates) { $0.requireALPN = true }
        }
        self.certificates = certificates
        let config = HTTP2ServerTransport.Posix.Config.defaults {
            $0.rpc.maxRequestPayloadSize = configuration.maxRequestBytes
            $0.http2.maxConcurrentStreams = configuration.maxCallsPerConnection
            $0.connection.maxIdleTime = configuration.maxIdleTime
        }
        let transport = HTTP2ServerTransport.Posix(
            address: Self.address(host: configuration.host, port: configuration.port),
            transportSecurity: security, config: config, eventLoopGroup: configuration.eventLoopGroup)
        let services: [any RegistrableRPCService] = [
            RoutedMethods(methods: router.foreignMethods, authenticator: authenticator, logger: logger,
                          requestBufferHigh: configuration.requestBufferHigh),
            ServerReflectionService(catalogue: ReflectionCatalogue(router: router)),
        ]
        self.server = GRPCServer(transport: transport, services: services)
        self.grace = configuration.shutdownGracePeriod
        self.logger = logger
    }

    /// The certificate and key for the door's connections from now on (established ones keep
    /// theirs): the service's credential reload calls it with what it gave the TIBS-RPC port. The
    /// client CA of mutual TLS stays the one the door started with. Throws, changing nothing, when
    /// the PEM does not parse.
    public func replaceCertificate(_ tls: ServerTLS) throws {
        try certificates.replace(with: tls)
    }

    /// Serves until graceful shutdown, then lets open calls finish for the grace period and
    /// cancels what is still running (a WatchChanges stream never ends by itself).
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.server.serve() }
            group.addTask {
                try await gracefulShutdown()
                self.server.beginGracefulShutdown()
                try await Task.sleep(for: self.grace)
                throw GraceEnded()
            }
            do {
                try await group.next()
            } catch is GraceEnded {
                logger.notice("gRPC grace period ended; cancelling the calls still open")
            }
            group.cancelAll()
            while let _ = try? await group.next() {}
        }
    }

    /// The bound port, once listening (the configured one, or the one picked for port 0).
    public func localPort() async throws -> Int {
        let address = try await server.listeningAddress
        guard let port = address?.ipv4?.port ?? address?.ipv6?.port else {
            throw TIBSRPC.RPCError(.internal, "the gRPC door has no IP listening address")
        }
        return port
    }

    private struct GraceEnded: Error {}

    private static func address(host: String, port: Int) -> GRPCNIOTransportCore.SocketAddress {
        if host == "localhost" { return .ipv4(host: "127.0.0.1", port: port) }
        return host.contains(":") ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
    }
}
