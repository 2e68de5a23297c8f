import Foundation
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// The handshake timeout bounds the TLS handshake only, not the connection's life.
@Suite struct HandshakeTimeoutTests {
    @Test func aConnectionOutlivesTheHandshakeTimeoutOnceTLSIsUp() async throws {
        // Long enough for a handshake on a loaded 2-core machine running the whole suite (300 ms was not).
        try await withTestServer(router: EchoService.router(), configure: { $0.handshakeTimeout = .seconds(2) }) { server, port in
            let client = try makeTestClient(port: port)
            let _: Tibs_Testing_V1_EchoResponse = try await client.unary(EchoService.get, Tibs_Testing_V1_EchoRequest.with { $0.text = "a" })
            try await Task.sleep(for: .milliseconds(2_600))
            #expect(server.connectionCount == 1)
            let _: Tibs_Testing_V1_EchoResponse = try await client.unary(EchoService.get, Tibs_Testing_V1_EchoRequest.with { $0.text = "b" })
            #expect(server.connectionCount == 1)
            await client.close()
        }
    }
}
