import Foundation
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// The handshake timeout bounds the TLS handshake only, not the connection's life.
@Suite struct HandshakeTimeoutTests {
    @Test func aConnectionOutlivesTheHandshakeTimeoutOnceTLSIsUp() async throws {
        try await withTestServer(router: EchoService.router(), configure: { $0.handshakeTimeout = .milliseconds(300) }) { server, port in
            let client = try makeTestClient(port: port)
            let _: Tibs_Testing_V1_EchoResponse = try await client.unary(EchoService.get, Tibs_Testing_V1_EchoRequest.with { $0.text = "a" })
            try await Task.sleep(for: .milliseconds(900))
            #expect(server.connectionCount == 1)
            let _: Tibs_Testing_V1_EchoResponse = try await client.unary(EchoService.get, Tibs_Testing_V1_EchoRequest.with { $0.text = "b" })
            #expect(server.connectionCount == 1)
            await client.close()
        }
    }
}
