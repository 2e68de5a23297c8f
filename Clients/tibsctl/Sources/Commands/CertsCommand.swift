import ArgumentParser
import Crypto
import Foundation
import TIBSIdentity
import TIBSPKI

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
        can be added later; existing files are never overwritten without --force.
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

    func run() async throws {
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
        if !force, FileManager.default.fileExists(atPath: caCert), FileManager.default.fileExists(atPath: caKey) {
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
            let issued = try ca.issueServerCertificate(commonName: "tibs-" + service, dnsNames: dns, ipAddresses: ips, validity: validity, now: now)
            try write(issued.chainPEM, service + ".pem", key: false, &written)
            try write(issued.privateKeyPEM, service + ".key", key: true, &written)
        }
        for name in client {
            let issued = try ca.issueClientCertificate(commonName: name, validity: validity, now: now)
            try write(issued.certificatePEM, name + ".pem", key: false, &written)
            try write(issued.privateKeyPEM, name + ".key", key: true, &written)
        }
        if !noIssuerKey {
            let key = Curve25519.Signing.PrivateKey()
            try write(IssuerKeyFile.pem(privateKey: key), "issuer.key", key: true, &written)
            try write(IssuerKeyFile.pem(publicKey: key.publicKey), "issuer.pub", key: false, &written)
            Console.err("issuer key id: \(IssuerKeyFile.keyID(for: key.publicKey))")
        }
        for file in written { Console.out(file) }
    }

    private func path(_ name: String) -> String { URL(fileURLWithPath: out).appendingPathComponent(name).path }

    private func write(_ text: String, _ name: String, key: Bool, _ written: inout [String]) throws {
        let target = path(name)
        if !force, FileManager.default.fileExists(atPath: target) {
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
