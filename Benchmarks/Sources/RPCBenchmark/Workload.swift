import Foundation
import NIOPosix
import TIBSIdentity
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// What every case sends: the same ~300-byte message, the same certificates, the same threads.
struct Workload: Sendable {
    /// Serialized size of the request (and of the echoed response).
    static let messageSize = 300

    let request: Tibs_Testing_V1_EchoRequest
    /// `request` serialized: the echo floor's frame body, so it moves the same bytes.
    let requestBytes: [UInt8]
    let credentials: Credentials
    /// A bearer token the TIBS servers verify on every call (the gRPC peers carry it unverified).
    let token: String

    init(credentials: Credentials = .generated()) throws {
        var request = Tibs_Testing_V1_EchoRequest()
        request.text = "tibs-rpc benchmark"
        // text: tag + length + bytes; padding: tag + 2-byte length (>127) + bytes.
        let paddingCount = Self.messageSize - (2 + request.text.utf8.count) - 3
        request.padding = .init(repeating: 0x5A, count: paddingCount)
        self.request = request
        self.requestBytes = try request.serializedBytes()
        precondition(requestBytes.count == Self.messageSize, "request is \(requestBytes.count) bytes, not \(Self.messageSize)")
        self.credentials = credentials
        self.token = credentials.token
    }
}

/// The certificates and token key of a run, shared with server processes through a folder
/// (`--serve … --pki DIR`): server.pem, server.key, ca.pem, issuer.pub, token.
struct Credentials: Sendable {
    let serverCertificatePEM: String
    let serverKeyPEM: String
    let caCertificatePEM: String
    /// PEM of the issuer's Ed25519 public key (keys themselves are not `Sendable`).
    let issuerPublicKeyPEM: String
    let token: String

    /// The test PKI of this process (a CA, a server certificate for 127.0.0.1, an issuer).
    static func generated() -> Credentials {
        let pki = TestPKI.shared
        return Credentials(serverCertificatePEM: pki.server.certificatePEM, serverKeyPEM: pki.server.privateKeyPEM,
                           caCertificatePEM: pki.ca.certificatePEM, issuerPublicKeyPEM: IssuerKeyFile.pem(publicKey: pki.issuer.publicKey),
                           token: pki.token(.admin))
    }

    func write(to folder: String) throws {
        try serverCertificatePEM.write(toFile: folder + "/server.pem", atomically: true, encoding: .utf8)
        try serverKeyPEM.write(toFile: folder + "/server.key", atomically: true, encoding: .utf8)
        try caCertificatePEM.write(toFile: folder + "/ca.pem", atomically: true, encoding: .utf8)
        try issuerPublicKeyPEM.write(toFile: folder + "/issuer.pub", atomically: true, encoding: .utf8)
        try token.write(toFile: folder + "/token", atomically: true, encoding: .utf8)
    }

    static func read(from folder: String) throws -> Credentials {
        func text(_ name: String) throws -> String { try String(contentsOfFile: folder + "/" + name, encoding: .utf8) }
        return Credentials(serverCertificatePEM: try text("server.pem"), serverKeyPEM: try text("server.key"),
                           caCertificatePEM: try text("ca.pem"), issuerPublicKeyPEM: try text("issuer.pub"),
                           token: try text("token"))
    }

    var serverTLS: ServerTLS { ServerTLS(certificateChainPEM: serverCertificatePEM, privateKeyPEM: serverKeyPEM) }
    var clientTLS: ClientTLS { ClientTLS(trustRootsPEM: caCertificatePEM) }
    var verifier: TokenVerifier {
        // reason: the PEM was written by `generated()` from a valid key; a broken one is a broken run.
        guard let key = try? IssuerKeyFile.publicKey(pem: issuerPublicKeyPEM) else { fatalError("issuer.pub is not an Ed25519 public key") }
        return TokenVerifier(keys: [IssuerKeyFile.keyID(for: key): key])
    }
    var serverCertificateBytes: [UInt8] { Array(serverCertificatePEM.utf8) }
    var serverKeyBytes: [UInt8] { Array(serverKeyPEM.utf8) }
    var caCertificateBytes: [UInt8] { Array(caCertificatePEM.utf8) }
}

/// One event-loop thread for the server and one for the client, fresh for each stack.
///
/// In one process, separate loops keep neither side's I/O queued behind the other's; across
/// processes the server's loop lives in the server process. Handlers and client tasks run on
/// Swift's global executor, as they would.
struct Loops: Sendable {
    let server: MultiThreadedEventLoopGroup
    let client: MultiThreadedEventLoopGroup
}

/// Runs `body` with fresh loops and shuts them down afterwards. Everything `body` builds must be
/// released by then: grpc-swift's server, for one, completes promises on its loops in `deinit`.
func withLoops<T: Sendable>(_ body: (Loops) async throws -> T) async throws -> T {
    let loops = Loops(server: MultiThreadedEventLoopGroup(numberOfThreads: 1),
                      client: MultiThreadedEventLoopGroup(numberOfThreads: 1))
    let result: Result<T, any Error>
    do { result = .success(try await body(loops)) } catch { result = .failure(error) }
    try? await loops.client.shutdownGracefully()
    try? await loops.server.shutdownGracefully()
    return try result.get()
}

/// The levels each stack is measured at, and for how long.
struct Plan: Sendable {
    let inFlight: [Int]
    let warmupSeconds: Double
    let seconds: Double
    /// A fixed number of calls per level instead of a timed window (for instruction counts under
    /// callgrind, where time means nothing); nil: the timed window.
    var calls: Int? = nil
}
