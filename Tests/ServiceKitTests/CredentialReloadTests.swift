import Foundation
import Testing
import TIBSIdentity
import TIBSPKI
import TIBSProto
import TIBSRPC
import TIBSServiceKit
import TIBSTestSupport

/// Certificate and issuer-key rotation on a running server (real files, real TLS sockets): what a
/// reload changes for new connections and tokens, and that files which do not make a working set
/// change nothing.
@Suite struct CredentialReloadTests {
    /// A service folder: cert.pem and key.pem of `pki`'s server certificate, and a keys/ folder
    /// with one issuer key per name.
    struct Folder {
        let root: URL
        var cert: URL { root.appendingPathComponent("cert.pem") }
        var key: URL { root.appendingPathComponent("key.pem") }
        var keys: URL { root.appendingPathComponent("keys") }

        func install(_ pki: TestPKI) throws {
            // As a deployment does: a new file renamed over the old, never half written in place.
            try PEMFiles.write(pki.server.certificatePEM, to: cert.path + ".new", privateKey: false)
            try PEMFiles.write(pki.server.privateKeyPEM, to: key.path + ".new", privateKey: true)
            for file in [cert, key] where rename(file.path + ".new", file.path) != 0 {
                throw ProcessTestError("cannot rename \(file.path).new: errno \(errno)")
            }
        }

        func trust(_ pki: TestPKI, as name: String) throws {
            try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
            try IssuerKeyFile.writePublicKey(pki.issuer.publicKey, to: keys.appendingPathComponent("\(name).pem").path)
        }

        func distrust(_ name: String) throws {
            try FileManager.default.removeItem(at: keys.appendingPathComponent("\(name).pem"))
        }

        func files() throws -> CredentialFiles {
            let options = try ServiceOptions.parse(["--tls-cert", cert.path, "--tls-key", key.path, "--issuer-keys", keys.path, "--data-dir", root.path])
            return try CredentialFiles(options.resolved(defaultPort: 0, environment: [:]))
        }
    }

    /// A server on `first`'s certificate trusting `first`'s issuer, with its reloader.
    private func withReloadingServer(_ first: TestPKI, _ body: (Folder, CredentialReloader, Int) async throws -> Void) async throws {
        try await withTemporaryDirectory("tibs-reload") { root in
            let folder = Folder(root: root)
            try folder.install(first)
            try folder.trust(first, as: "first")
            let files = try folder.files()
            let initial = try files.read()
            let authenticator = TokenAuthenticator(verifier: initial.verifier)
            try await withTestServer(router: EchoService.router(), tls: initial.tls, authenticator: authenticator) { server, port in
                let reloader = CredentialReloader(files: files, initial: initial, server: server, authenticator: authenticator,
                                                  grpcDoor: nil, interval: nil, logger: testLogger("tibs.test.reload"))
                try await body(folder, reloader, port)
            }
        }
    }

    private func status(port: Int, trusting pki: TestPKI, token: String) async -> StatusCode {
        do {
            let client = try makeTestClient(port: port, token: token, tls: pki.clientTLS)
            defer { Task { await client.close() } }
            let _: Tibs_Testing_V1_EchoResponse = try await client.unary(EchoService.get, Tibs_Testing_V1_EchoRequest.with { $0.text = "hi" })
            return .ok
        } catch let error as RPCError {
            return error.code
        } catch {
            return .unknown
        }
    }

    @Test func aNewCertificateServesNewConnectionsAndEstablishedOnesKeepTheirs() async throws {
        let first = try TestPKI(), second = try TestPKI()
        try await withReloadingServer(first) { folder, reloader, port in
            let established = try makeTestClient(port: port, token: first.token(.admin), tls: first.clientTLS)
            let _: Tibs_Testing_V1_EchoResponse = try await established.unary(EchoService.get, Tibs_Testing_V1_EchoRequest())
            try folder.install(second)
            #expect(reloader.reload(reason: "test") == .reloaded(certificate: true, issuerKeys: []))
            // A client trusting only the new CA now connects; one trusting only the old does not.
            #expect(await status(port: port, trusting: second, token: first.token(.admin)) == .ok)
            #expect(await status(port: port, trusting: first, token: first.token(.admin)) == .unavailable)
            let _: Tibs_Testing_V1_EchoResponse = try await established.unary(EchoService.get, Tibs_Testing_V1_EchoRequest())
            await established.close()
            #expect(reloader.reload(reason: "test") == .unchanged)
        }
    }

    @Test func anAddedIssuerKeyIsTrustedAndARemovedOnesTokensAreRefusedEvenOnceVerified() async throws {
        let first = try TestPKI(), second = try TestPKI()
        try await withReloadingServer(first) { folder, reloader, port in
            let old = first.token(.admin), new = second.token(.admin)
            #expect(await status(port: port, trusting: first, token: new) == .unauthenticated)
            try folder.trust(second, as: "second")
            #expect(reloader.reload(reason: "test") == .reloaded(certificate: false, issuerKeys: [second.issuer.keyID]))
            // The old key stays until removed: both tokens work, and the old one is now cached.
            let remembered = try makeTestClient(port: port, token: old, tls: first.clientTLS)
            let _: Tibs_Testing_V1_EchoResponse = try await remembered.unary(EchoService.get, Tibs_Testing_V1_EchoRequest())
            #expect(await status(port: port, trusting: first, token: new) == .ok)
            try folder.distrust("first")
            #expect(reloader.reload(reason: "test") == .reloaded(certificate: false, issuerKeys: [first.issuer.keyID]))
            let error = await #expect(throws: RPCError.self) {
                let _: Tibs_Testing_V1_EchoResponse = try await remembered.unary(EchoService.get, Tibs_Testing_V1_EchoRequest())
            }
            #expect(error?.code == .unauthenticated)
            #expect(await status(port: port, trusting: first, token: new) == .ok)
            await remembered.close()
        }
    }

    @Test(arguments: ["a half-written key", "a key of another certificate", "no issuer key left", "a missing certificate"])
    func filesThatDoNotMakeAWorkingSetAreRefusedAndChangeNothing(problem: String) async throws {
        let first = try TestPKI(), second = try TestPKI()
        try await withReloadingServer(first) { folder, reloader, port in
            switch problem {
            case "a half-written key":
                try Data(second.server.privateKeyPEM.utf8.prefix(60)).write(to: folder.key)
            case "a key of another certificate":
                try PEMFiles.write(second.server.privateKeyPEM, to: folder.key.path, privateKey: true)
            case "no issuer key left":
                try folder.distrust("first")
            default:
                try FileManager.default.removeItem(at: folder.cert)
            }
            guard case .refused = reloader.reload(reason: "test") else {
                Issue.record("\(problem) was not refused")
                return
            }
            // Still the first certificate and the first issuer's tokens.
            #expect(await status(port: port, trusting: first, token: first.token(.admin)) == .ok)
        }
    }
}
