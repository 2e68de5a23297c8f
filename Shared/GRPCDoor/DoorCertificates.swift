import NIOCertificateReloading
import NIOConcurrencyHelpers
import NIOSSL
import TIBSRPC

/// The gRPC door's certificate and key, replaceable while it serves: grpc-swift-nio-transport asks
/// its `CertificateReloader` for them at every TLS handshake, so a certificate the service reloads
/// (``GRPCDoor/replaceCertificate(_:)``, called by its credential reload) serves the door's next
/// connection on, as it does the TIBS-RPC port's; established connections keep theirs.
final class DoorCertificates: CertificateReloader {
    private let current: NIOLockedValueBox<NIOSSLContextConfigurationOverride>

    init(_ tls: ServerTLS) throws {
        current = NIOLockedValueBox(try Self.override(tls))
    }

    var sslContextConfigurationOverride: NIOSSLContextConfigurationOverride { current.withLockedValue { $0 } }

    /// Throws (and keeps the current pair) when the PEM does not parse.
    func replace(with tls: ServerTLS) throws {
        let next = try Self.override(tls)
        current.withLockedValue { $0 = next }
    }

    private static func override(_ tls: ServerTLS) throws -> NIOSSLContextConfigurationOverride {
        var override = NIOSSLContextConfigurationOverride()
        override.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(tls.certificateChainPEM.utf8)).map { .certificate($0) }
        override.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(tls.privateKeyPEM.utf8), format: .pem))
        return override
    }
}
