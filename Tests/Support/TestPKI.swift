import Crypto
import Foundation
import TIBSIdentity
import TIBSPKI
import TIBSRPC

/// Certificates and token keys made in-process for tests: a CA, a server certificate for
/// localhost / 127.0.0.1 / ::1, a client certificate, and an issuer whose tokens the server trusts.
public struct TestPKI: Sendable {
    public let ca: CertificateAuthority
    public let server: IssuedCertificate
    public let client: IssuedCertificate
    public let issuer: TokenIssuer
    public let verifier: TokenVerifier

    /// One per test process: generating keys is cheap, but certificates need not differ per test.
    public static let shared: TestPKI = {
        do {
            return try TestPKI()
        } catch {
            // reason: a test environment that cannot make certificates cannot run any TLS test.
            fatalError("cannot create test PKI: \(error)")
        }
    }()

    public init(now: Date = Date()) throws {
        ca = try CertificateAuthority.create(commonName: "TIBS test CA", validity: 86_400, now: now)
        server = try ca.issueServerCertificate(
            commonName: "tibs-test-server", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1", "::1"],
            validity: 86_400, now: now)
        client = try ca.issueClientCertificate(commonName: "tibs-test-client", validity: 86_400, now: now)
        let key = Curve25519.Signing.PrivateKey()
        let keyID = IssuerKeyFile.keyID(for: key.publicKey)
        issuer = TokenIssuer(issuer: "tibs-test", keyID: keyID, privateKey: key)
        verifier = TokenVerifier(keys: [keyID: key.publicKey])
    }

    public var serverTLS: ServerTLS {
        ServerTLS(certificateChainPEM: server.certificatePEM, privateKeyPEM: server.privateKeyPEM)
    }

    public var serverTLSRequiringClientCertificate: ServerTLS {
        ServerTLS(certificateChainPEM: server.certificatePEM, privateKeyPEM: server.privateKeyPEM,
                  clientCATrustPEM: ca.certificatePEM, requireClientCertificate: true)
    }

    public var clientTLS: ClientTLS { ClientTLS(trustRootsPEM: ca.certificatePEM) }

    public var clientTLSWithCertificate: ClientTLS {
        ClientTLS(trustRootsPEM: ca.certificatePEM, certificateChainPEM: client.certificatePEM, privateKeyPEM: client.privateKeyPEM)
    }

    /// A token for `role`, valid for an hour unless said otherwise.
    public func token(_ role: Role, regions: Set<String> = [], subject: String = "test-user", ttl: TimeInterval = 3600, now: Date = Date()) -> String {
        do {
            return try issuer.mint(subject: subject, role: role, regions: regions, ttl: ttl, now: now)
        } catch {
            // reason: the arguments tests pass are valid by construction.
            fatalError("cannot mint test token: \(error)")
        }
    }
}
