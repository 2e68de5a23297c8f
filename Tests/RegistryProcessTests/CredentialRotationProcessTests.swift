import Foundation
import Testing
import TIBSIdentity
import TIBSPKI
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// A real `tibs-registry` rotates its certificate and its issuer keys on SIGHUP, without a
/// restart: a new certificate and key renamed over the old files and a new issuer key added are
/// used from the next connection and call on; the old key's tokens stay valid until its file is
/// removed and the next SIGHUP, then are refused.
@Suite(.serialized) struct CredentialRotationProcessTests {
    static let listSmes = "/tibs.registry.v1.SmeRegistry/ListSmes"

    private static func status(port: Int, trusting pki: TestPKI, token: String) async -> StatusCode {
        do {
            let client = try makeTestClient(port: port, token: token, tls: pki.clientTLS)
            defer { Task { await client.close() } }
            let _: Tibs_Registry_V1_ListSmesResponse = try await client.unary(listSmes, Tibs_Registry_V1_ListSmesRequest())
            return .ok
        } catch let error as RPCError {
            return error.code
        } catch {
            return .unknown
        }
    }

    @Test func sighupRotatesTheCertificateAndTheIssuerKeysWithoutARestart() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-rotation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try ServiceProcess.prepare(root)
        let keys = root.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let first = TestPKI.shared, second = try TestPKI()
        try IssuerKeyFile.writePublicKey(first.issuer.publicKey, to: keys.appendingPathComponent("first.pem").path)
        // Only SIGHUP reloads here (no periodic check), so each step happens when the test says.
        let registry = try await ServiceProcess.start(.registry, in: root, run: 1, arguments: ["--no-metrics", "--no-grpc", "--reload-seconds", "0"],
                                                     issuerKeys: keys)
        defer { registry.stop() }
        let port = registry.port
        #expect(await Self.status(port: port, trusting: first, token: first.token(.admin)) == .ok)

        try PEMFiles.write(second.server.certificatePEM, to: root.appendingPathComponent("cert.new").path, privateKey: false)
        try PEMFiles.write(second.server.privateKeyPEM, to: root.appendingPathComponent("key.new").path, privateKey: true)
        #expect(rename(root.appendingPathComponent("key.new").path, root.appendingPathComponent("key.pem").path) == 0)
        #expect(rename(root.appendingPathComponent("cert.new").path, root.appendingPathComponent("cert.pem").path) == 0)
        try IssuerKeyFile.writePublicKey(second.issuer.publicKey, to: keys.appendingPathComponent("second.pem").path)
        registry.process.signal(SIGHUP)
        // Bounded polling: the reload happens in the process, which offers no event to wait on.
        try await waitFor("the new certificate and the new issuer key in use", timeout: .seconds(60)) {
            await Self.status(port: port, trusting: second, token: second.token(.admin)) == .ok
        }
        #expect(await Self.status(port: port, trusting: second, token: first.token(.admin)) == .ok, "the old key stays until removed")
        #expect(await Self.status(port: port, trusting: first, token: first.token(.admin)) == .unavailable, "new connections get the new certificate")

        try FileManager.default.removeItem(at: keys.appendingPathComponent("first.pem"))
        registry.process.signal(SIGHUP)
        try await waitFor("the removed issuer key's tokens refused", timeout: .seconds(60)) {
            await Self.status(port: port, trusting: second, token: first.token(.admin)) == .unauthenticated
        }
        #expect(await Self.status(port: port, trusting: second, token: second.token(.admin)) == .ok)
        #expect(registry.process.isRunning)
    }
}
