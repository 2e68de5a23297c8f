import Crypto
import Foundation
import SwiftASN1
import Testing
import TIBSPKI
@_spi(FixedExpiryValidationTime) import X509

@Suite("In-process PKI")
struct PKITests {
    let now = Fixtures.now
    let year: TimeInterval = 365 * 86_400

    func validate(_ leaf: Certificate, against ca: CertificateAuthority, hostname: String?, ip: String?, at time: Date? = nil) async -> Bool {
        var verifier = Verifier(rootCertificates: CertificateStore([ca.certificate])) {
            RFC5280Policy(fixedExpiryValidationTime: time ?? now)
            ServerIdentityPolicy(serverHostname: hostname, serverIP: ip)
        }
        if case .validCertificate = await verifier.validate(leaf: leaf, intermediates: CertificateStore()) { return true }
        return false
    }

    @Test func serverCertificateVerifiesAgainstTheCA() async throws {
        let ca = try CertificateAuthority.create(commonName: "TIBS Test CA", validity: year, now: now)
        let issued = try ca.issueServerCertificate(
            commonName: "registry", dnsNames: ["localhost", "registry.tibs.internal"],
            ipAddresses: ["127.0.0.1", "::1"], validity: 30 * 86_400, now: now
        )
        // Parse everything back from PEM, as a service would.
        let caCertificate = try Certificate(pemEncoded: ca.certificatePEM)
        let server = try Certificate(pemEncoded: issued.certificatePEM)
        #expect(caCertificate == ca.certificate)
        #expect(server == issued.certificate)
        #expect(try Certificate.PrivateKey(pemEncoded: issued.privateKeyPEM).publicKey == server.publicKey)
        #expect(try P256.Signing.PrivateKey(pemRepresentation: issued.privateKeyPEM).publicKey.rawRepresentation
            == P256.Signing.PublicKey(server.publicKey)?.rawRepresentation)

        #expect(try caCertificate.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        #expect(try caCertificate.extensions.keyUsage?.keyCertSign == true)
        #expect(try server.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try server.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        #expect(try server.extensions.authorityKeyIdentifier?.keyIdentifier
            == caCertificate.extensions.subjectKeyIdentifier?.keyIdentifier)
        #expect(try server.extensions.subjectKeyIdentifier != nil)
        let sans = try #require(try server.extensions.subjectAlternativeNames)
        #expect(sans.contains(.dnsName("localhost")))
        #expect(sans.contains(.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))))
        #expect(sans.contains(.ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1])))))

        let loaded = try CertificateAuthority(certificatePEM: ca.certificatePEM, privateKeyPEM: ca.privateKeyPEM)
        #expect(await validate(server, against: loaded, hostname: "localhost", ip: nil))
        #expect(await validate(server, against: loaded, hostname: "registry.tibs.internal", ip: nil))
        #expect(await validate(server, against: loaded, hostname: nil, ip: "127.0.0.1"))
        #expect(await validate(server, against: loaded, hostname: nil, ip: "::1"))
        #expect(issued.chainPEM.components(separatedBy: "BEGIN CERTIFICATE").count == 3)
        #expect(issued.chainPEM == issued.certificatePEM + ca.certificatePEM)
        #expect(ca.certificatePEM.hasSuffix("-----END CERTIFICATE-----\n"))
        #expect(issued.privateKeyPEM.hasSuffix("-----END PRIVATE KEY-----\n"))
    }

    @Test func verificationFailsForWrongNameCAOrTime() async throws {
        let ca = try CertificateAuthority.create(commonName: "TIBS Test CA", validity: year, now: now)
        let other = try CertificateAuthority.create(commonName: "Other CA", validity: year, now: now)
        let server = try ca.issueServerCertificate(
            commonName: "registry", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], validity: 86_400, now: now
        ).certificate
        #expect(!(await validate(server, against: ca, hostname: "example.com", ip: nil)))
        #expect(!(await validate(server, against: ca, hostname: nil, ip: "10.0.0.1")))
        #expect(!(await validate(server, against: other, hostname: "localhost", ip: nil)))
        #expect(!(await validate(server, against: ca, hostname: "localhost", ip: nil, at: now.addingTimeInterval(2 * 86_400))))
    }

    @Test func clientCertificateHasClientAuth() async throws {
        let ca = try CertificateAuthority.create(commonName: "TIBS Test CA", validity: year, now: now)
        let issued = try ca.issueClientCertificate(commonName: "tibsctl", validity: 86_400, now: now)
        let client = try Certificate(pemEncoded: issued.certificatePEM)
        let usages = try #require(try client.extensions.extendedKeyUsage)
        #expect(usages.contains(.clientAuth))
        #expect(!usages.contains(.serverAuth))
        #expect(client.subject.description.contains("CN=tibsctl"))
        var verifier = Verifier(rootCertificates: CertificateStore([ca.certificate])) { RFC5280Policy(fixedExpiryValidationTime: now) }
        guard case .validCertificate = await verifier.validate(leaf: client, intermediates: CertificateStore()) else {
            Issue.record("client certificate does not chain to the CA")
            return
        }
    }

    @Test func leafNeverOutlivesTheCA() throws {
        let ca = try CertificateAuthority.create(commonName: "Short CA", validity: 86_400, now: now)
        let leaf = try ca.issueClientCertificate(commonName: "c", validity: year, now: now).certificate
        #expect(leaf.notValidAfter == ca.certificate.notValidAfter)
    }

    @Test func badInputsAreRefused() throws {
        let ca = try CertificateAuthority.create(commonName: "TIBS Test CA", validity: year, now: now)
        #expect(throws: PKIError.invalidIPAddress("localhost")) {
            try ca.issueServerCertificate(commonName: "s", dnsNames: [], ipAddresses: ["localhost"], validity: 60, now: now)
        }
        #expect(throws: PKIError.noSubjectAlternativeNames) {
            try ca.issueServerCertificate(commonName: "s", dnsNames: [], ipAddresses: [], validity: 60, now: now)
        }
        let other = try CertificateAuthority.create(commonName: "Other", validity: year, now: now)
        #expect(throws: PKIError.keyDoesNotMatchCertificate) {
            try CertificateAuthority(certificatePEM: ca.certificatePEM, privateKeyPEM: other.privateKeyPEM)
        }
        let leaf = try ca.issueClientCertificate(commonName: "c", validity: 60, now: now)
        #expect(throws: PKIError.notACertificateAuthority) {
            try CertificateAuthority(certificatePEM: leaf.certificatePEM, privateKeyPEM: leaf.privateKeyPEM)
        }
    }

    @Test func pemFilesGetTheRightModes() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ca = try CertificateAuthority.create(commonName: "TIBS Test CA", validity: year, now: now)
        let keyPath = directory.appendingPathComponent("ca.key").path
        let certPath = directory.appendingPathComponent("ca.crt").path
        try PEMFiles.write(ca.privateKeyPEM, to: keyPath, privateKey: true)
        try PEMFiles.write(ca.certificatePEM, to: certPath, privateKey: false)
        let keyMode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        let certMode = try FileManager.default.attributesOfItem(atPath: certPath)[.posixPermissions] as? Int
        #expect(keyMode.map { $0 & 0o777 } == 0o600)
        #expect(certMode.map { $0 & 0o777 } == 0o644)
        let reloaded = try CertificateAuthority(certificatePEM: PEMFiles.read(certPath), privateKeyPEM: PEMFiles.read(keyPath))
        #expect(reloaded.certificate == ca.certificate)
        #expect(throws: PKIError.self) { try PEMFiles.write("x", to: "/nonexistent-dir/x.pem", privateKey: true) }
    }
}
