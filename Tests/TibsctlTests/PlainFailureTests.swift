import Foundation
import Testing
import TIBSRPC
import TIBSTestSupport
@testable import TIBSCtlKit

/// A failure reads as one plain sentence; the runtime's error (a Swift or BoringSSL dump) shows
/// only under `--verbose`.
@Suite struct PlainFailureTests {
    static func settings(verbose: Bool = false, caPath: String? = nil, port: Int = 7401) throws -> ConnectionSettings {
        var arguments = verbose ? ["--verbose"] : []
        if let caPath { arguments += ["--ca", caPath] }
        return try ConnectionSettings.resolve(ConnectionOptions.parse(arguments), address: "127.0.0.1:\(port)", environment: [:])
    }

    static let dump = "TLS handshake with 127.0.0.1:7401 failed: TLS failure: handshakeFailed(NIOSSL.BoringSSLError.sslError([Error: 268435581:SSL routines:OPENSSL_internal:SOMETHING_NEW]))"

    @Test func anUnknownTLSErrorIsASentenceWithoutTheDump() throws {
        let failure = CLIFailure.from(RPCError(.unavailable, Self.dump), settings: try Self.settings())
        #expect(failure.message == "TLS with 127.0.0.1:7401 failed: the TLS handshake failed (--verbose shows the TLS library's error)")
        #expect(failure.status == .unreachable)
    }

    @Test func verboseAddsTheUnderlyingErrorOnALineOfItsOwn() throws {
        let failure = CLIFailure.from(RPCError(.unavailable, Self.dump), settings: try Self.settings(verbose: true))
        let lines = failure.message.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == "TLS with 127.0.0.1:7401 failed: the TLS handshake failed (--verbose shows the TLS library's error)")
        #expect(lines[1].contains("NIOSSL.BoringSSLError"))
    }

    @Test func aConnectionThatBrokeIsASentence() throws {
        let settings = try Self.settings()
        let broke = CLIFailure.from(RPCError(.unavailable, "connection error: IOError(errno: 104, reason: \"Connection reset by peer\")"), settings: settings)
        #expect(broke.message == "127.0.0.1:7401 is unavailable: the connection broke; try again")
        let closed = CLIFailure.from(RPCError(.unavailable, "connection closed by the server"), settings: settings)
        #expect(closed.message == "127.0.0.1:7401 is unavailable: it closed the connection (it may be restarting or at its connection limit); try again")
        let odd = CLIFailure.from(RPCError(.unavailable, "cannot connect to 127.0.0.1:7401: NIOConnectionError(host: \"x\", dnsAError: nil)"), settings: settings)
        #expect(odd.message == "cannot reach 127.0.0.1:7401 (from the command line): the connection failed; is the service running there?")
    }

    @Test func aServersOwnDetailIsKept() throws {
        let failure = CLIFailure.from(RPCError(.unavailable, "server is shutting down; no new calls"), settings: try Self.settings())
        #expect(failure.message == "127.0.0.1:7401 is unavailable: server is shutting down; no new calls")
    }

    @Test func aServerAtItsConnectionLimitGetsAPlainSentence() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tibsctl-limit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ca = folder.appendingPathComponent("ca.pem").path
        try (TestPKI.shared.clientTLS.trustRootsPEM ?? "").write(toFile: ca, atomically: true, encoding: .utf8)
        try await withTestServer(router: RPCRouter(), configure: { $0.maxConnections = 0 }) { _, port in
            var settings = try Self.settings(caPath: ca, port: port)
            settings.serverName = "localhost"
            settings.connectTimeout = HangBound.scaled(settings.connectTimeout)
            let failure: CLIFailure
            do {
                _ = try await Session.with(settings) { try await $0.describe() }
                Issue.record("a server refusing every connection answered")
                return
            } catch let error as CLIFailure {
                failure = error
            } catch {
                Issue.record("not a CLIFailure: \(error)")
                return
            }
            #expect(failure.status == .unreachable)
            #expect(!failure.message.contains("NIOSSL") && !failure.message.contains("BoringSSL") && !failure.message.contains("Error("), "\(failure.message)")
            #expect(failure.message.contains("connection limit"), "\(failure.message)")
            #expect(!failure.message.contains("\n"), "one sentence: \(failure.message)")
        }
    }
}
