import NIOCore
import NIOSSL
import NIOTLS

/// The ALPN protocol id of TIBS-RPC/1.
public let tibsALPN = "tibs/1"

/// A server's TLS identity and client-certificate policy, from PEM.
public struct ServerTLS: Sendable, Equatable {
    public var certificateChainPEM: String
    public var privateKeyPEM: String
    /// Trust roots for client certificates; used when `requireClientCertificate` is on.
    public var clientCATrustPEM: String?
    public var requireClientCertificate: Bool

    public init(certificateChainPEM: String, privateKeyPEM: String, clientCATrustPEM: String? = nil, requireClientCertificate: Bool = false) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.clientCATrustPEM = clientCATrustPEM
        self.requireClientCertificate = requireClientCertificate
    }

    /// Reads the PEM files named by a service's flags.
    public static func files(certificateChain: String, privateKey: String, clientCA: String? = nil, requireClientCertificate: Bool = false) throws -> ServerTLS {
        ServerTLS(
            certificateChainPEM: try String(contentsOfFile: certificateChain, encoding: .utf8),
            privateKeyPEM: try String(contentsOfFile: privateKey, encoding: .utf8),
            clientCATrustPEM: try clientCA.map { try String(contentsOfFile: $0, encoding: .utf8) },
            requireClientCertificate: requireClientCertificate)
    }

    func makeContext() throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificateChainPEM.utf8)).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        var config = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        config.minimumTLSVersion = .tlsv12
        config.applicationProtocols = [tibsALPN]
        if requireClientCertificate {
            guard let clientCATrustPEM else { throw RPCError(.failedPrecondition, "a required client certificate needs a client CA") }
            config.certificateVerification = .noHostnameVerification
            config.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(clientCATrustPEM.utf8)))
        }
        return try NIOSSLContext(configuration: config)
    }
}

/// A client's trust and optional certificate, from PEM.
public struct ClientTLS: Sendable {
    /// Roots that sign the servers' certificates; `nil` trusts the system store.
    public var trustRootsPEM: String?
    public var certificateChainPEM: String?
    public var privateKeyPEM: String?
    /// Name to verify and send as SNI; defaults to the host dialled.
    public var serverName: String?

    public init(trustRootsPEM: String? = nil, certificateChainPEM: String? = nil, privateKeyPEM: String? = nil, serverName: String? = nil) {
        self.trustRootsPEM = trustRootsPEM
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.serverName = serverName
    }

    func makeContext() throws -> NIOSSLContext {
        var config = TLSConfiguration.makeClientConfiguration()
        config.minimumTLSVersion = .tlsv12
        config.applicationProtocols = [tibsALPN]
        if let trustRootsPEM {
            config.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(trustRootsPEM.utf8)))
        }
        if let certificateChainPEM, let privateKeyPEM {
            config.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(certificateChainPEM.utf8)).map { .certificate($0) }
            config.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem))
        }
        return try NIOSSLContext(configuration: config)
    }
}

/// Closes a connection whose TLS handshake has not completed in time (PROTOCOL.md: 10 s, shorter
/// under a flood of pending handshakes), so a client that stalls mid-handshake cannot hold a slot.
/// When the handshake completes it asks `completed` whether the connection may stay (the server's
/// limit of established connections) and closes it if not.
final class HandshakeTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    private let timeout: TimeAmount
    private let completed: @Sendable () -> Bool
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount, completed: @escaping @Sendable () -> Bool = { true }) {
        self.timeout = timeout
        self.completed = completed
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard timer == nil else { return }
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let tls = event as? TLSUserEvent, case .handshakeCompleted = tls else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        timer?.cancel()
        guard completed() else {
            context.close(promise: nil)
            return
        }
        // Pass the event on before leaving the pipeline: handlers behind this one (the connection
        // handler starts its idle clock on it) must see it too.
        context.fireUserInboundEventTriggered(event)
        context.pipeline.syncOperations.removeHandler(self, promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) { timer?.cancel() }
}
