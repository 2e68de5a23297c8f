import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Testing
import TIBSGRPCDoor
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// The door's certificate rotates without a restart, as the TIBS-RPC port's does: after
/// `replaceCertificate`, new connections get the new certificate (a client trusting only the old
/// CA is refused), and a PEM that does not parse changes nothing.
@Suite struct DoorCertificateTests {
    /// An echo through a new connection trusting `pki`'s CA. The deadline only ends a hung test
    /// (a handshake on a loaded machine may take many seconds); a call that is to be refused at the
    /// handshake does not wait for a connection (`waitForReady: false`), so it fails at once.
    private static func echo(_ port: Int, trusting pki: TestPKI, refused: Bool = false) async throws -> String {
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port),
            transportSecurity: .tls { $0.trustRoots = .certificates([.bytes(Array(pki.ca.certificatePEM.utf8), format: .pem)]) })
        let (response, _) = try await withGRPCClient(transport: transport) { client in
            try await client.call(EchoService.get, Tibs_Testing_V1_EchoRequest.with { $0.text = "rotated" }, metadata: bearer(.analyst),
                                  timeout: HangBound.scaled(.seconds(120)), waitForReady: !refused, as: Tibs_Testing_V1_EchoResponse.self)
        }
        return response.text
    }

    @Test func aReplacedCertificateServesTheDoorsNewConnections() async throws {
        let second = try TestPKI()
        var router = EchoService.router()
        BuiltinServices.install(into: &router)
        let door = try GRPCDoor(configuration: GRPCDoorConfiguration(host: "127.0.0.1", port: 0, tls: TestPKI.shared.serverTLS), router: router,
                                authenticator: TokenAuthenticator(verifier: TestPKI.shared.verifier), logger: testLogger("tibs.test.grpc"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await door.run() }
            let port = try await door.localPort()
            #expect(try await Self.echo(port, trusting: .shared) == "rotated")

            #expect(throws: (any Error).self, "a key that does not parse") {
                try door.replaceCertificate(ServerTLS(certificateChainPEM: second.server.certificatePEM, privateKeyPEM: "not a key"))
            }
            #expect(try await Self.echo(port, trusting: .shared) == "rotated", "the refused pair changed nothing")

            try door.replaceCertificate(second.serverTLS)
            #expect(try await Self.echo(port, trusting: second) == "rotated", "the new certificate")
            await #expect(throws: GRPCCore.RPCError.self, "a client trusting only the old CA") {
                _ = try await Self.echo(port, trusting: .shared, refused: true)
            }
            group.cancelAll()
        }
    }
}
