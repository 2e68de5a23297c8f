import Crypto
import Foundation
import Testing
import TIBSIdentity
import X509

@Suite("Issuer key files")
struct KeyFileTests {
    @Test func pemRoundTrip() throws {
        let key = Curve25519.Signing.PrivateKey()
        let privatePEM = IssuerKeyFile.pem(privateKey: key)
        let publicPEM = IssuerKeyFile.pem(publicKey: key.publicKey)
        #expect(privatePEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
        #expect(try IssuerKeyFile.privateKey(pem: privatePEM).rawRepresentation == key.rawRepresentation)
        #expect(try IssuerKeyFile.publicKey(pem: publicPEM).rawRepresentation == key.publicKey.rawRepresentation)
    }

    /// An independent encoder (swift-certificates) must produce and accept the same PKCS#8 / SPKI documents.
    @Test func pemMatchesSwiftCertificates() throws {
        let key = Curve25519.Signing.PrivateKey()
        let theirs = try Certificate.PrivateKey(key).serializeAsPEM().pemString
        #expect(try IssuerKeyFile.privateKey(pem: theirs).rawRepresentation == key.rawRepresentation)
        #expect(try Certificate.PrivateKey(pemEncoded: IssuerKeyFile.pem(privateKey: key)) == Certificate.PrivateKey(key))
        let publicKey = try Certificate.PublicKey(pemEncoded: IssuerKeyFile.pem(publicKey: key.publicKey))
        #expect(publicKey == Certificate.PublicKey(key.publicKey))
    }

    @Test func wrongOrDamagedPEMIsRefused() throws {
        let key = Curve25519.Signing.PrivateKey()
        #expect(throws: KeyFileError.notPEM(expectedLabel: "PRIVATE KEY")) {
            try IssuerKeyFile.privateKey(pem: IssuerKeyFile.pem(publicKey: key.publicKey))
        }
        let p256 = P256.Signing.PrivateKey().pemRepresentation
        #expect(throws: KeyFileError.notEd25519("PRIVATE KEY")) { try IssuerKeyFile.privateKey(pem: p256) }
        #expect(throws: KeyFileError.self) { try IssuerKeyFile.publicKey(pem: "hello") }
    }

    @Test func filesAndPermissions() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = Curve25519.Signing.PrivateKey()
        let privatePath = directory.appendingPathComponent("issuer.key").path
        let publicPath = directory.appendingPathComponent("issuer.pub").path

        try IssuerKeyFile.writePrivateKey(key, to: privatePath)
        try IssuerKeyFile.writePublicKey(key.publicKey, to: publicPath)
        try IssuerKeyFile.writePrivateKey(key, to: privatePath)   // replacing keeps the mode

        #expect(try mode(privatePath) == 0o600)
        #expect(try mode(publicPath) == 0o644)
        #expect(try IssuerKeyFile.readPrivateKey(at: privatePath).rawRepresentation == key.rawRepresentation)
        #expect(try IssuerKeyFile.readPublicKey(at: publicPath).rawRepresentation == key.publicKey.rawRepresentation)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["issuer.key", "issuer.pub"])
        #expect(throws: KeyFileError.self) { try IssuerKeyFile.readPublicKey(at: directory.appendingPathComponent("none").path) }
    }

    @Test func keyIDIsDerivedFromThePublicKey() throws {
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Data(repeating: 7, count: 32))
        let id = IssuerKeyFile.keyID(for: key.publicKey)
        #expect(id.count == 16)
        #expect(id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        let expected = SHA256.hash(data: key.publicKey.rawRepresentation).prefix(8).map { String(format: "%02x", $0) }.joined()
        #expect(id == expected)
        #expect(IssuerKeyFile.keyID(for: Curve25519.Signing.PrivateKey().publicKey) != id)
    }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }
}
