import Foundation
import NIOCore
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// Shutdown, limits and timeouts of server connections.
@Suite struct ConnectionLifecycleTests {
    let token = "Bearer " + TestPKI.shared.token(.admin)

    /// A unary method that reports its start on `started` and answers "finished" once `gate` opens.
    static let gated = "/tibs.testing.v1.Test/Gated"

    static func gatedRouter(started: AsyncStream<Void>.Continuation, gate: AsyncStream<Void>) -> RPCRouter {
        var router = EchoService.router()
        router.unary(gated, access: .authenticated) { (_: EchoRequest, _) -> EchoResponse in
            started.yield()
            for await _ in gate { break }
            return EchoResponse.with { $0.text = "finished" }
        }
        return router
    }

    /// Runs `body` with call 1 of a raw connection running (in `gated`) and graceful shutdown
    /// begun; `body` opens the gate when it wants the call to finish.
    private func withShutdownDuringACall(
        _ body: (RawConnection, inout RawFrameReader, AsyncStream<Void>.Continuation) async throws -> Void
    ) async throws {
        let (started, startedSource) = AsyncStream<Void>.makeStream()
        let (gate, opener) = AsyncStream<Void>.makeStream()
        // The acknowledge timeout and the grace period are ten minutes: the Pong the test sends is
        // what closes, and the gate the test opens is what ends call 1, however slow the machine.
        try await withTestServer(router: Self.gatedRouter(started: startedSource, gate: gate), configure: {
            $0.connection.goAwayAcknowledgeTimeout = .seconds(600)
            $0.shutdownGracePeriod = .seconds(600)
        }) { server, port in
            let connection = try await RawConnection.connect(port: port)
            var reader = RawFrameReader(connection)
            try await connection.send(Wire.open(callID: 1, method: Self.gated, metadata: ["authorization": token]))
            for await _ in started { break }
            server.beginGracefulShutdown()
            try await body(connection, &reader, opener)
        }
    }

    @Test func gracefulShutdownLetsOpenCallsFinish() async throws {
        try await withShutdownDuringACall { connection, reader, opener in
            #expect(await reader.read { $0.contains { $0.ping != nil } }, "GoAway, then Ping")
            #expect(!reader.frames.contains { $0.callID == 1 }, "call 1 is still running")
            // Shutdown has begun on this connection; only now may the call finish.
            opener.yield()
            #expect(await reader.read { $0.contains { $0.callID == 1 } })
            let ping = try #require(reader.frames.compactMap(\.ping).first)
            try await connection.send(Wire.pong(ping))
            await reader.readUntilClosed()
            let close = try #require(reader.frames.first { $0.callID == 1 })
            #expect(close.closeCode == 0)
            #expect(try EchoResponse(serializedBytes: close.closePayload ?? []).text == "finished")
            #expect(!connection.isActive)
        }
    }

    @Test func gracefulShutdownAnswersNewOpensUnavailableAndSendsGoAway() async throws {
        try await withShutdownDuringACall { connection, reader, opener in
            // Open 2 goes out once the GoAway has arrived: it is certainly after the shutdown.
            #expect(await reader.read { $0.contains { $0.goAwayCode != nil } })
            try await connection.send(Wire.open(callID: 2, method: EchoService.get, metadata: ["authorization": token]))
            #expect(await reader.read { $0.contains { $0.callID == 2 } })
            opener.yield()
            #expect(await reader.read { $0.contains { $0.callID == 1 } && $0.contains { $0.ping != nil } })
            try await connection.send(Wire.pong(try #require(reader.frames.compactMap(\.ping).first)))
            await reader.readUntilClosed()
            let frames = reader.frames
            #expect(frames.contains { $0.goAwayCode == 14 })
            let refusal = try #require(frames.first { $0.callID == 2 })
            #expect(refusal.closeCode == 14)
            #expect(refusal.closeTrailers[unprocessedTrailer] == "true")
            #expect(frames.contains { $0.callID == 1 && $0.closeCode == 0 })
        }
    }

    @Test func callsStillOpenWhenTheGracePeriodEndsAreUnavailable() async throws {
        let probe = EchoProbe()
        try await withTestServer(router: EchoService.router(probe: probe), configure: { $0.shutdownGracePeriod = .milliseconds(200) }) { server, port in
            let client = try makeTestClient(port: port)
            let call = Task { () -> EchoResponse in
                try await client.unary(EchoService.get, EchoRequest.with { $0.delayMs = 600_000 })
            }
            try await waitUntil { probe.startedCount == 1 }
            server.beginGracefulShutdown()
            let result = await call.result
            #expect(throws: RPCError.self) { try result.get() }
            // The grace path, not the refusal of a new call: the call ran and the server ended it.
            if case .failure(let error as RPCError) = result {
                #expect(error.code == .unavailable)
                #expect(error.detail == "server shut down before the call finished")
                #expect(error.trailers[unprocessedTrailer] == nil)
            }
            try await waitUntil { probe.cancelledCount == 1 }
            #expect(probe.startedCount == 1, "the call was not sent again")
            await client.close()
        }
    }

    @Test func aClientThatNeverReadsStallsItsOwnCallsAndAnotherConnectionIsStillAnswered() async throws {
        let probe = EchoProbe()
        try await withTestServer(router: EchoService.router(probe: probe)) { _, port in
            let connection = try await RawConnection.connect(port: port)
            // Expand: 100,000 responses of 64 KiB each (6.4 GB if the server buffered them all).
            let request = Wire.field(2, varint: 100_000) + Wire.field(4, bytes: [UInt8](repeating: 7, count: 64 * 1024))
            try await connection.send(Wire.open(callID: 1, method: EchoService.expand, metadata: ["authorization": token], payload: request))
            try await connection.stopReading()
            try await waitUntil { probe.sentCount > 0 }
            // Another client is served while the first one's stream is stalled.
            let other = try makeTestClient(port: port)
            for index in 0..<20 {
                let response: EchoResponse = try await other.unary(EchoService.get, EchoRequest.with { $0.text = "\(index)" })
                #expect(response.text == "\(index)")
            }
            await other.close()
            // However long that took, the stalled stream got no further than the socket buffers
            // and the write budget hold (a few MiB; 1,000 messages would be 64 MiB).
            #expect(probe.sentCount < 1000)
            #expect(probe.finishedCount == 20, "only the other client's calls have finished")
            await connection.close()
            try await waitUntil { probe.finishedCount == 21 }
        }
    }

    @Test func anIdleConnectionGetsGoAwayAndPingAndIsClosedOnceThePongIsBack() async throws {
        // Idle timing itself is pinned on a manual clock (ServerConnectionHandlerTests); this is
        // the same over TLS on a real socket, waiting only for frames.
        try await withTestServer(router: EchoService.router(), configure: {
            $0.connection.idleTimeout = .milliseconds(200)
            $0.connection.goAwayAcknowledgeTimeout = .seconds(600)
        }) { _, port in
            let connection = try await RawConnection.connect(port: port)
            var reader = RawFrameReader(connection)
            try await connection.send(Wire.ping(1))  // brings TLS up
            // The Pong to our Ping may come before or (on a slow machine) after the idle GoAway.
            #expect(await reader.read { $0.contains { $0.ping != nil } && $0.contains { $0.pong == 1 } })
            let frames = reader.frames.filter { $0.pong == nil }
            #expect(frames.count == 2)
            #expect(frames.first?.goAwayCode == 14 && frames.first?.goAwayDetail == "idle timeout")
            #expect(frames.last?.ping != nil, "the Ping follows the GoAway")
            #expect(connection.isActive, "open until the Pong (the acknowledge timeout is ten minutes)")
            try await connection.send(Wire.pong(try #require(frames.last?.ping)))
            await reader.readUntilClosed()
            #expect(!connection.isActive)
        }
    }

    @Test func anOpenRacingTheIdleGoAwayIsRefusedUnavailableNotDropped() async throws {
        try await withTestServer(router: EchoService.router(), configure: {
            $0.connection.idleTimeout = .milliseconds(200)
            $0.connection.goAwayAcknowledgeTimeout = .seconds(600)
        }) { _, port in
            let connection = try await RawConnection.connect(port: port)
            var reader = RawFrameReader(connection)
            try await connection.send(Wire.ping(1))  // brings TLS up
            #expect(await reader.read { $0.contains { $0.ping != nil } }, "GoAway, then Ping")
            // An Open sent before the client answered the Ping: the server has not closed, and refuses it.
            try await connection.send(Wire.open(callID: 3, method: EchoService.get, metadata: ["authorization": token]))
            #expect(await reader.read { $0.contains { $0.callID == 3 } })
            let refusal = try #require(reader.frames.first { $0.callID == 3 })
            #expect(refusal.closeCode == 14)
            #expect(refusal.closeTrailers[unprocessedTrailer] == "true")
            try await connection.send(Wire.pong(try #require(reader.frames.compactMap(\.ping).last)))
            await reader.readUntilClosed()
            #expect(!connection.isActive)
        }
    }

    @Test func aClientStreamOfFortySlowlyReadMessagesArrivesWhole() async throws {
        try await withTestServer(router: EchoService.router(), configure: { $0.connection.requestBufferHigh = 4 }) { _, port in
            let client = try makeTestClient(port: port)
            let requests = AsyncStream<EchoRequest> { continuation in
                for index in 0..<40 { continuation.yield(.with { $0.text = "\(index)"; $0.delayMs = 5 }) }
                continuation.finish()
            }
            let response: EchoResponse = try await client.clientStreaming(EchoService.collect, requests: requests)
            #expect(response.index == 40)
            await client.close()
        }
    }
}
