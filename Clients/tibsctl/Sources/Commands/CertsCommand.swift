import ArgumentParser
import Crypto
import Foundation
import TIBSIdentity
import TIBSPKI
import X509

/// `tibsctl certs init`: a deployment's CA, one certificate per service with the names clients dial,
/// optional client certificates, and the token issuer key — all made in-process (swift-certificates).
struct CertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs", abstract: "Make a deployment's certificates.", subcommands: [CertsInit.self])
}

struct CertsInit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a CA, per-service certificates, client certificates and the token issuer key.",
        discussion: """
        Writes into --out: ca.pem and ca.key; for each service NAME: NAME.pem (certificate followed by \
        the CA) and NAME.key; for each --client NAME: NAME.pem and NAME.key; issuer.key and issuer.pub \
        (the Ed25519 key tokens are signed with; services get issuer.pub). Keys are written 0600. A \
        service certificate names NAME, tibs-NAME, localhost, 127.0.0.1 and ::1, plus every --host \
        NAME=DNS-or-IP. When ca.pem and ca.key already exist in --out, that CA is reused, so certificates \
        can be added later; existing files are never overwritten without --force. With --keep-existing, \
        what is already there is kept and only what is missing is made, so the same command can run \
        again: a certificate and key pair is kept when it was issued by the CA in --out, its key matches, \
        it names every host asked for and it has not expired; issuer.key and issuer.pub when they \
        belong together.
        """)

    @Option(name: .long, help: "Folder to write into (created if missing).")
    var out: String

    @Option(name: .long, parsing: .upToNextOption, help: "Services to certify.")
    var services: [String] = ["registry", "catalogue", "policy", "match"]

    @Option(name: .long, help: "Extra name for a service, NAME=host (repeatable), e.g. registry=registry.lv.example.")
    var host: [String] = []

    @Option(name: .long, help: "Client certificate to issue (repeatable), for mutual TLS.")
    var client: [String] = []

    @Option(name: .customLong("ca-name"), help: "Common name of a new CA.")
    var caName = "TIBS deployment CA"

    @Option(name: .customLong("validity-days"), help: "Validity of service and client certificates.")
    var validityDays = 397

    @Option(name: .customLong("ca-validity-days"), help: "Validity of a new CA.")
    var caValidityDays = 3650

    @Flag(name: .customLong("no-issuer-key"), help: "Do not create issuer.key / issuer.pub.")
    var noIssuerKey = false

    @Flag(name: .long, help: "Replace files that exist.")
    var force = false

    @Flag(name: .customLong("keep-existing"), help: "Keep the certificates and keys that exist; make only what is missing.")
    var keepExisting = false

    func run() async throws {
        if force, keepExisting { throw CLIFailure.usage("--force and --keep-existing exclude each other") }
        let now = Date()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var extraNames: [String: [String]] = [:]
        for entry in host {
            guard let equals = entry.firstIndex(of: "="), !entry[..<equals].isEmpty, !entry[entry.index(after: equals)...].isEmpty else {
                throw CLIFailure.usage("--host must be NAME=host, not '\(entry)'")
            }
            extraNames[String(entry[..<equals]), default: []].append(String(entry[entry.index(after: equals)...]))
        }
        if let unknown = extraNames.keys.first(where: { !services.contains($0) }) {
            throw CLIFailure.usage("--host names service '\(unknown)', which is not in --services")
        }
        var written: [String] = []
        let ca: CertificateAuthority
        let caCert = path("ca.pem"), caKey = path("ca.key")
        if !force, exists(caCert), exists(caKey) {
            do {
                ca = try CertificateAuthority(certificatePEM: PEMFiles.read(caCert), privateKeyPEM: PEMFiles.read(caKey))
            } catch {
                throw CLIFailure.local("cannot reuse the CA in \(out): \(error)")
            }
            Console.err("reusing the CA in \(caCert)")
        } else {
            ca = try CertificateAuthority.create(commonName: caName, validity: Double(caValidityDays) * 86_400, now: now)
            try write(ca.certificatePEM, "ca.pem", key: false, &written)
            try write(ca.privateKeyPEM, "ca.key", key: true, &written)
        }
        let validity = Double(validityDays) * 86_400
        for service in services {
            var dns = [service, "tibs-" + service, "localhost"]
            var ips = ["127.0.0.1", "::1"]
            for name in extraNames[service] ?? [] {
                if TLSDiagnosis.isIP(name) { ips.append(name) } else { dns.append(name) }
            }
            if try keep(service, issuedBy: ca, naming: dns + ips, now: now) { continue }
            let issued = try ca.issueServerCertificate(commonName: "tibs-" + service, dnsNames: dns, ipAddresses: ips, validity: validity, now: now)
            try write(issued.chainPEM, service + ".pem", key: false, &written)
            try write(issued.privateKeyPEM, service + ".key", key: true, &written)
        }
        for name in client {
            if try keep(name, issuedBy: ca, naming: [], now: now) { continue }
            let issued = try ca.issueClientCertificate(commonName: name, validity: validity, now: now)
            try write(issued.certificatePEM, name + ".pem", key: false, &written)
            try write(issued.privateKeyPEM, name + ".key", key: true, &written)
        }
        if !noIssuerKey, try !keepIssuerKey() {
            let key = Curve25519.Signing.PrivateKey()
            try write(IssuerKeyFile.pem(privateKey: key), "issuer.key", key: true, &written)
            try write(IssuerKeyFile.pem(publicKey: key.publicKey), "issuer.pub", key: false, &written)
            Console.err("issuer key id: \(IssuerKeyFile.keyID(for: key.publicKey))")
        }
        for file in written { Console.out(file) }
    }

    /// With --keep-existing: whether NAME.pem and NAME.key exist and can stay. A pair that cannot stay
    /// (another CA's, a foreign key, a name of `names` missing, expired) is an error; a lone file makes
    /// `write` refuse later.
    private func keep(_ name: String, issuedBy ca: CertificateAuthority, naming names: [String], now: Date) throws(CLIFailure) -> Bool {
        let certificatePath = path(name + ".pem"), keyPath = path(name + ".key")
        guard keepExisting, exists(certificatePath), exists(keyPath) else { return false }
        let certificate: Certificate, key: Certificate.PrivateKey
        do {
            let leaf = try TLSDiagnosis.pemBlocks(PEMFiles.read(certificatePath)).first ?? ""
            certificate = try Certificate(pemEncoded: leaf)
            key = try Certificate.PrivateKey(pemEncoded: PEMFiles.read(keyPath))
        } catch {
            throw CLIFailure.local("cannot keep \(certificatePath) and \(keyPath): \(error)")
        }
        let present = TLSDiagnosis.subjectAlternativeNames(certificate)
        let missing = names.filter { !TLSDiagnosis.matches(name: $0, names: present) }
        let problem: String? =
            if certificate.issuer != ca.certificate.subject || !ca.certificate.publicKey.isValidSignature(certificate.signature, for: certificate) {
                "\(certificatePath) was not issued by the CA in \(path("ca.pem"))"
            } else if key.publicKey != certificate.publicKey {
                "\(keyPath) is not the key of \(certificatePath)"
            } else if !missing.isEmpty {
                "\(certificatePath) is not for \(missing.joined(separator: ", "))"
            } else if certificate.notValidAfter <= now {
                "\(certificatePath) expired at \(certificate.notValidAfter.formatted(.iso8601))"
            } else {
                nil
            }
        if let problem { throw CLIFailure.local("\(problem); remove both files or pass --force") }
        Console.err("keeping \(certificatePath)")
        return true
    }

    /// With --keep-existing: whether issuer.key and issuer.pub exist and belong together.
    private func keepIssuerKey() throws(CLIFailure) -> Bool {
        let privatePath = path("issuer.key"), publicPath = path("issuer.pub")
        guard keepExisting, exists(privatePath), exists(publicPath) else { return false }
        let key: Curve25519.Signing.PrivateKey, publicKey: Curve25519.Signing.PublicKey
        do {
            key = try IssuerKeyFile.readPrivateKey(at: privatePath)
            publicKey = try IssuerKeyFile.readPublicKey(at: publicPath)
        } catch {
            throw CLIFailure.local("cannot keep \(privatePath) and \(publicPath): \(error)")
        }
        guard key.publicKey.rawRepresentation == publicKey.rawRepresentation else {
            throw CLIFailure.local("\(publicPath) is not the public key of \(privatePath); remove both files or pass --force")
        }
        Console.err("keeping \(privatePath) (issuer key id \(IssuerKeyFile.keyID(for: publicKey)))")
        return true
    }

    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    private func path(_ name: String) -> String { URL(fileURLWithPath: out).appendingPathComponent(name).path }

    private func write(_ text: String, _ name: String, key: Bool, _ written: inout [String]) throws {
        let target = path(name)
        if !force, exists(target) {
            throw CLIFailure.local("\(target) exists; pass --force to replace it")
        }
        do {
            try PEMFiles.write(text, to: target, privateKey: key)
        } catch {
            throw CLIFailure.local("cannot write \(target): \(error)")
        }
        written.append(target)
    }
}
