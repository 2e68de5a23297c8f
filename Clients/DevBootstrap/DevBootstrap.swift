import ArgumentParser
import Crypto
import Foundation
import TIBSIdentity
import TIBSPKI

/// `tibs-dev-bootstrap`: the local trust material `scripts/run-system` needs, made once in a
/// state folder and kept on later runs:
///
///     ca.pem, ca-key.pem            a local CA (the key stays here: only this tool issues)
///     tls/server.pem, server-key.pem the services' certificate for localhost, 127.0.0.1, ::1
///     issuer-key.pem                 the token issuer's Ed25519 private key
///     issuer-keys/issuer.pem         its public key, what services verify tokens with
///     admin.token                    an admin token (30 days; re-minted when it expires)
///
/// For a developer's machine only; `tibsctl certs init` and `tibsctl token issue` replace it.
@main
struct DevBootstrap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tibs-dev-bootstrap",
        abstract: "Create a local CA, service certificate, token issuer key and admin token (kept if present).")

    @Option(help: "The state folder.")
    var state = "state"

    @Option(help: "Print a token for this role instead (admin, broker, analyst, integrator, service).")
    var token: String?

    @Option(help: "Region scope (NUTS codes, comma-separated) of the token printed with --token.")
    var regions = ""

    @Option(help: "Subject of the token printed with --token.")
    var subject = "local-user"

    func run() throws {
        let root = URL(fileURLWithPath: state)
        let path = { (name: String) in root.appendingPathComponent(name).path }
        for folder in ["", "tls", "issuer-keys", "logs"] {
            try FileManager.default.createDirectory(atPath: path(folder), withIntermediateDirectories: true)
        }
        let now = Date()
        let exists = { FileManager.default.fileExists(atPath: path($0)) }

        if !exists("ca.pem") || !exists("ca-key.pem") {
            let ca = try CertificateAuthority.create(commonName: "TIBS local CA", validity: 5 * 365 * 86_400, now: now)
            try PEMFiles.write(ca.privateKeyPEM, to: path("ca-key.pem"), privateKey: true)
            try PEMFiles.write(ca.certificatePEM, to: path("ca.pem"), privateKey: false)
            try? FileManager.default.removeItem(atPath: path("tls/server.pem"))
            print("created local CA: \(path("ca.pem"))")
        }
        if !exists("tls/server.pem") || !exists("tls/server-key.pem") {
            let ca = try CertificateAuthority(certificatePEM: try PEMFiles.read(path("ca.pem")), privateKeyPEM: try PEMFiles.read(path("ca-key.pem")))
            let server = try ca.issueServerCertificate(commonName: "tibs-local", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1", "::1"],
                                                       validity: 365 * 86_400, now: now)
            try PEMFiles.write(server.privateKeyPEM, to: path("tls/server-key.pem"), privateKey: true)
            try PEMFiles.write(server.chainPEM, to: path("tls/server.pem"), privateKey: false)
            print("issued service certificate for localhost, 127.0.0.1, ::1: \(path("tls/server.pem"))")
        }
        if !exists("issuer-key.pem") {
            let key = Curve25519.Signing.PrivateKey()
            try IssuerKeyFile.writePrivateKey(key, to: path("issuer-key.pem"))
            try IssuerKeyFile.writePublicKey(key.publicKey, to: path("issuer-keys/issuer.pem"))
            try? FileManager.default.removeItem(atPath: path("admin.token"))
            print("created token issuer key: \(path("issuer-key.pem"))")
        }
        let key = try IssuerKeyFile.readPrivateKey(at: path("issuer-key.pem"))
        let issuer = TokenIssuer(issuer: "tibs-local", keyID: IssuerKeyFile.keyID(for: key.publicKey), privateKey: key)

        if let token {
            guard let role = Role(rawValue: token) else { throw ValidationError("unknown role \(token)") }
            let scope = Set(regions.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
            print(try issuer.mint(subject: subject, role: role, regions: scope, ttl: 86_400, now: now))
            return
        }
        let verifier = TokenVerifier(keys: [issuer.keyID: key.publicKey])
        let current = try? String(contentsOfFile: path("admin.token"), encoding: .utf8)
        let stillValid = current.map { (try? verifier.verify($0.trimmingCharacters(in: .whitespacesAndNewlines),
                                                               now: now.addingTimeInterval(86_400))) != nil } ?? false
        if !stillValid {
            let minted = try issuer.mint(subject: "local-admin", role: .admin, regions: [], ttl: 30 * 86_400, now: now)
            try PEMFiles.write(minted + "\n", to: path("admin.token"), privateKey: true)
            print("minted admin token (30 days): \(path("admin.token"))")
        }
    }
}
