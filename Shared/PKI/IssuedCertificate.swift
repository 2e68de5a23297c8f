import X509

/// A freshly issued leaf certificate with its new P-256 key, ready to be written with ``PEMFiles``
/// or handed to NIOSSL (`NIOSSLCertificate.fromPEMBytes`, `NIOSSLPrivateKey(bytes:format: .pem)`).
public struct IssuedCertificate: Sendable {
    public let certificate: Certificate
    /// The leaf certificate alone.
    public let certificatePEM: String
    /// PKCS#8 `PRIVATE KEY`; write it with `privateKey: true` so it gets mode 0600.
    public let privateKeyPEM: String
    /// Leaf followed by the issuing CA certificate, for servers that present the full chain.
    public let chainPEM: String
}

/// Why a certificate operation failed; descriptions are meant for operators (tibsctl output, logs).
public enum PKIError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidIPAddress(String)
    case invalidValidity(String)
    case noSubjectAlternativeNames
    case keyDoesNotMatchCertificate
    case notACertificateAuthority
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidIPAddress(let text): "'\(text)' is not an IPv4 or IPv6 address"
        case .invalidValidity(let reason): "invalid validity: \(reason)"
        case .noSubjectAlternativeNames: "a server certificate needs at least one DNS name or IP address"
        case .keyDoesNotMatchCertificate: "the private key does not belong to the CA certificate"
        case .notACertificateAuthority: "the certificate is not a CA (basicConstraints cA is not set)"
        case .io(let path, let reason): "\(path): \(reason)"
        }
    }
}
