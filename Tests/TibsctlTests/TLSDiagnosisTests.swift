import Foundation
import NIOCore
import NIOPosix
import Testing
import TIBSTestSupport
@testable import TIBSCtlKit

/// The diagnosis reconnect after a failed handshake may itself fail (the server went away, or
/// refuses connections at its limit): it must then give up quietly, never crash.
@Suite struct TLSDiagnosisTests {
    @Test func aRefusedDiagnosisConnectThrowsInsteadOfLeakingItsPromise() async throws {
        try await RefusingPort.with { port in
            await #expect(throws: (any Error).self) {
                _ = try await TLSDiagnosis.fetchChain(host: "127.0.0.1", port: port, serverName: nil)
            }
        }
    }

    @Test func aRefusedDiagnosisConnectGivesNoDiagnosis() async throws {
        try await RefusingPort.with { port in
            var settings = try ConnectionSettings.resolve(ConnectionOptions.parse([]), address: "127.0.0.1:\(port)", environment: [:])
            settings.caPath = nil
            #expect(await TLSDiagnosis.diagnose(settings) == nil)
        }
    }

    @Test func aServerThatClosesWithoutHandshakingGivesNoDiagnosis() async throws {
        // Accepts and closes at once: the connect succeeds, the handshake never starts.
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in channel.close() }
            .bind(host: "127.0.0.1", port: 0).get()
        // reason: a channel bound to 127.0.0.1 has an address with a port.
        let port = server.localAddress!.port!
        await #expect(throws: (any Error).self) {
            _ = try await TLSDiagnosis.fetchChain(host: "127.0.0.1", port: port, serverName: nil)
        }
        try await server.close()
    }
}
