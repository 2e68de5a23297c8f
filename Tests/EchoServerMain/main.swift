// tibs-echo-server: the diagnostic echo service (proto/tibs/testing/v1/echo.proto) as a real process.
//
// Test-only. The C client's interop tests and tibsctl's process tests need a real TIBS-RPC server
// before (and besides) the production services; this one makes its own PKI so a test needs nothing
// but this binary:
//
//   tibs-echo-server --dir DIR [--port 0] [--require-client-cert] [--grace-seconds 1]
//                    [--dns-names a,b] [--expired-cert] [--not-serving]
//                    [--idle-timeout-ms N] [--goaway-ack-timeout-ms N]
//
// --dns-names: the server certificate names only these (no IP addresses), for name-mismatch tests;
// --expired-cert: the server certificate expired yesterday, for trust-failure tests;
// --not-serving: Health answers NOT_SERVING (a probe that always fails), for health-check tests;
// --idle-timeout-ms, --goaway-ack-timeout-ms: ConnectionLimits.idleTimeout (GoAway after so long
// without a call) and goAwayAcknowledgeTimeout (how long the Pong after it is waited for), so a
// client's idle-close handling is tested in milliseconds instead of the 5 minutes of production.
// writes into DIR: ca.pem, server.pem, server.key, client.pem, client.key, other-ca.pem (a CA that
// signed nothing, for trust-failure tests), issuer.pub, issuer.key (to mint more tokens), and tokens admin.token,
// integrator.token, expired.token; then prints `listening on 127.0.0.1:PORT` and a newline-terminated
// `ready` line. SIGTERM or SIGINT starts a graceful shutdown (GoAway, then the grace period).
import Crypto
import Dispatch
import Foundation
import Logging
import TIBSIdentity
import TIBSPKI
import TIBSProto
import TIBSRPC
import TIBSTestSupport

#if canImport(Glibc)
import Glibc
#endif

struct Flags {
    var dir = ""
    var port = 0
    var requireClientCertificate = false
    var graceSeconds: Int64 = 1
    var dnsNames: [String]?
    var expiredCertificate = false
    var notServing = false
    var idleTimeoutMilliseconds: Int64?
    var goAwayAcknowledgeMilliseconds: Int64?

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            switch flag {
            case "--dir": dir = iterator.next() ?? ""
            case "--port": port = Int(iterator.next() ?? "") ?? 0
            case "--require-client-cert": requireClientCertificate = true
            case "--grace-seconds": graceSeconds = Int64(iterator.next() ?? "") ?? 1
            case "--dns-names": dnsNames = (iterator.next() ?? "").split(separator: ",").map(String.init)
            case "--expired-cert": expiredCertificate = true
            case "--not-serving": notServing = true
            case "--idle-timeout-ms": idleTimeoutMilliseconds = Self.milliseconds(flag, iterator.next())
            case "--goaway-ack-timeout-ms": goAwayAcknowledgeMilliseconds = Self.milliseconds(flag, iterator.next())
            default: Self.fail("unknown flag \(flag)")
            }
        }
        if dir.isEmpty { Self.fail("usage: tibs-echo-server --dir DIR [--port N] [--require-client-cert] [--grace-seconds N]") }
    }

    static func milliseconds(_ flag: String, _ text: String?) -> Int64 {
        guard let text, let value = Int64(text), value > 0 else { fail("\(flag): '\(text ?? "")' is not a positive number of milliseconds") }
        return value
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}

let flags = Flags(CommandLine.arguments)
let pki: TestPKI
var serverTLS: ServerTLS
// Our own issuer key (TestPKI keeps its private): written out, so tests can mint more tokens.
let issuerKey = Curve25519.Signing.PrivateKey()
let issuerKeyID = IssuerKeyFile.keyID(for: issuerKey.publicKey)
let issuer = TokenIssuer(issuer: "tibs-echo", keyID: issuerKeyID, privateKey: issuerKey)
let verifier = TokenVerifier(keys: [issuerKeyID: issuerKey.publicKey])
func token(_ role: Role, subject: String, ttl: TimeInterval = 3600, now: Date = Date()) throws -> String {
    try issuer.mint(subject: subject, role: role, regions: [], ttl: ttl, now: now)
}
do {
    try FileManager.default.createDirectory(atPath: flags.dir, withIntermediateDirectories: true)
    pki = try TestPKI()
    let other = try CertificateAuthority.create(commonName: "TIBS unrelated CA", validity: 86_400, now: Date())
    func path(_ name: String) -> String { URL(fileURLWithPath: flags.dir).appendingPathComponent(name).path }
    try PEMFiles.write(pki.ca.certificatePEM, to: path("ca.pem"), privateKey: false)
    try PEMFiles.write(other.certificatePEM, to: path("other-ca.pem"), privateKey: false)
    var server = pki.server
    if flags.dnsNames != nil || flags.expiredCertificate {
        let issuedAt = flags.expiredCertificate ? Date().addingTimeInterval(-2 * 86_400) : Date()
        server = try pki.ca.issueServerCertificate(
            commonName: "tibs-test-server", dnsNames: flags.dnsNames ?? ["localhost"],
            ipAddresses: flags.dnsNames == nil ? ["127.0.0.1", "::1"] : [], validity: 86_400, now: issuedAt)
    }
    serverTLS = ServerTLS(certificateChainPEM: server.chainPEM, privateKeyPEM: server.privateKeyPEM,
                          clientCATrustPEM: pki.ca.certificatePEM, requireClientCertificate: flags.requireClientCertificate)
    try PEMFiles.write(server.chainPEM, to: path("server.pem"), privateKey: false)
    try PEMFiles.write(server.privateKeyPEM, to: path("server.key"), privateKey: true)
    try PEMFiles.write(IssuerKeyFile.pem(privateKey: issuerKey), to: path("issuer.key"), privateKey: true)
    try PEMFiles.write(pki.client.certificatePEM, to: path("client.pem"), privateKey: false)
    try PEMFiles.write(pki.client.privateKeyPEM, to: path("client.key"), privateKey: true)
    try PEMFiles.write(IssuerKeyFile.pem(publicKey: issuerKey.publicKey), to: path("issuer.pub"), privateKey: false)
    try PEMFiles.write(try token(.admin, subject: "echo-admin") + "\n", to: path("admin.token"), privateKey: true)
    try PEMFiles.write(try token(.integrator, subject: "echo-integrator") + "\n", to: path("integrator.token"), privateKey: true)
    let past = Date().addingTimeInterval(-7200)
    try PEMFiles.write(try token(.admin, subject: "echo-expired", ttl: 60, now: past) + "\n", to: path("expired.token"), privateKey: true)
} catch {
    Flags.fail("cannot prepare \(flags.dir): \(error)")
}

var configuration = ServerConfiguration(host: "127.0.0.1", port: flags.port, tls: serverTLS)
configuration.shutdownGracePeriod = .seconds(flags.graceSeconds)
if let idle = flags.idleTimeoutMilliseconds { configuration.connection.idleTimeout = .milliseconds(idle) }
if let acknowledge = flags.goAwayAcknowledgeMilliseconds { configuration.connection.goAwayAcknowledgeTimeout = .milliseconds(acknowledge) }
var router = EchoService.router()
// A method that always answers INVALID_ARGUMENT with field violations, for clients' error tests.
router.unary("/tibs.testing.v1.EchoChecks/Validate", access: .authenticated) { (request: Tibs_Testing_V1_EchoRequest, _) -> Tibs_Testing_V1_EchoResponse in
    var violations: [Violation] = []
    if request.text.isEmpty { violations.append(Violation(field: "text", description: "must not be empty")) }
    if request.count > 10 { violations.append(Violation(field: "count", description: "must be at most 10, not \(request.count)")) }
    if violations.isEmpty { return Tibs_Testing_V1_EchoResponse.with { $0.text = request.text } }
    throw RPCError.invalidArgument(violations)
}
BuiltinServices.install(into: &router, probes: flags.notServing ? [HealthProbe(name: "test") { "held down by --not-serving" }] : [])
var logger = Logger(label: "tibs-echo-server")
logger.logLevel = ProcessInfo.processInfo.environment["TIBS_TEST_LOG"] == nil ? .critical : .debug
let server = RPCServer(configuration: configuration, router: router,
                       authenticator: TokenAuthenticator(verifier: verifier), logger: logger)

signal(SIGTERM, SIG_IGN)
signal(SIGINT, SIG_IGN)
let signals = [SIGTERM, SIGINT].map { number in
    // The main queue: top-level code is main-actor isolated, and so is this handler.
    let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
    source.setEventHandler { server.beginGracefulShutdown() }
    source.resume()
    return source
}

do {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        let port = try await server.localPort()
        // FileHandle writes are unbuffered: the parent sees the port at once.
        FileHandle.standardOutput.write(Data("listening on 127.0.0.1:\(port)\nready\n".utf8))
        try await group.waitForAll()
    }
} catch {
    Flags.fail("echo server failed: \(error)")
}
withExtendedLifetime(signals) {}
