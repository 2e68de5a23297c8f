import Foundation
import NIOCore
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// Shutdown, limits and timeouts of server connections.
@Suite struct ConnectionLifecycleTests {
    let token = "Bearer " + TestPKI.shared.token(.admin)

    @Test func gracefulShutdownLetsOpenCallsFinish() async throws {
        let probe = EchoProbe()
        try await withTestServer(router: EchoService.router(probe: probe)) { server, port in
            let client = try makeTestClient(port: port)
            let call = Task { () -> EchoResponse in
                try await client.unary(EchoService.get, EchoRequest.with { $0.text = "finish me"; $0.delayMs = 500 })
            }
            try await waitUntil { probe.startedCount == 1 }
            server.beginGracefulShutdown()
            let response = try await call.value
            #expect(response.text == "finish me")
            await client.close()
        }
    }

    @Test func gracefulShutdownAnswersNewOpensUnavailableAndSendsGoAway() async throws {
        let probe = EchoProbe()
        try await withTestServer(router: EchoService.router(probe: probe)) { server, port in
            let connection = try await RawConnection.connect(port: port)
            let slow = Wire.open(callID: 1, method: EchoService.get, metadata: ["authorization": token], payload: Wire.field(3, varint: 400))
            try await connection.send(slow)
            try await waitUntil { probe.startedCount == 1 }
            server.beginGracefulShutdown()
            try await Task.sleep(for: .milliseconds(50))
            try await connection.send(Wire.open(callID: 2, method: EchoService.get, metadata: ["authorization": token]))
            let frames = Wire.frames(await connection.readUntilClosed()).compactMap(Wire.serverFrame)
            #expect(frames.contains { $0.goAwayCode == 14 })
            #expect(frames.contains { $0.callID == 2 && $0.closeCode == 14 })
            #expect(frames.contains { $0.callID == 1 && $0.closeCode == 0 })
        }
    }

    @Test func callsStillOpenWhenTheGracePeriodEndsAreUnavailable() async throws {
        try await withTestServer(router: EchoService.router(), configure: { $0.shutdownGracePeriod = .milliseconds(200) }) { server, port in
            let client = try makeTestClient(port: port)
            let call = Task { () -> EchoResponse in
                try await client.unary(EchoService.get, EchoRequest.with { $0.delayMs = 30_000 })
            }
            try await Task.sleep(for: .milliseconds(100))
            server.beginGracefulShutdown()
            let result = await call.result
            #expect(throws: RPCError.self) { try result.get() }
            if case .failure(let error as RPCError) = result { #expect(error.code == .unavailable) }
            await client.close()
        }
    }

    @Test func aClientThatNeverReadsDoesNotGrowTheServersMemory() async throws {
        let probe = EchoProbe()
        try await withTestServer(router: EchoService.router(probe: probe)) { _, port in
            let connection = try await RawConnection.connect(port: port)
            // Expand: 100,000 responses of 64 KiB each (6.4 GB if the server buffered them all).
            let request = Wire.field(2, varint: 100_000) + Wire.field(4, bytes: [UInt8](repeating: 7, count: 64 * 1024))
            try await connection.send(Wire.open(callID: 1, method: EchoService.expand, metadata: ["authorization": token], payload: request))
            try await connection.stopReading()
            try await waitUntil { probe.sentCount > 0 }
            // The handler stalls once socket buffers are full: the count stops moving.
            var previous = -1
            for _ in 0..<50 where previous != probe.sentCount {
                previous = probe.sentCount
                try await Task.sleep(for: .milliseconds(300))
            }
            #expect(previous == probe.sentCount)
            #expect(probe.sentCount < 1000, "at most socket buffers' worth is in flight (64 MiB)")
            await connection.close()
            try await waitUntil { probe.finishedCount == 1 }
        }
    }

    @Test func anIdleConnectionGetsGoAwayAndIsClosed() async throws {
        // Under a loaded machine a handshake and the first call can take a few hundred milliseconds.
        try await withTestServer(router: EchoService.router(), configure: { $0.connection.idleTimeout = .seconds(1) }) { _, port in
            let connection = try await RawConnection.connect(port: port)
            try await connection.send(Wire.open(callID: 1, method: EchoService.get, metadata: ["authorization": token]))
            let frames = Wire.frames(await connection.readUntilClosed()).compactMap(Wire.serverFrame)
            #expect(frames.first?.closeCode == 0)
            #expect(frames.last?.goAwayCode == 14)
        }
    }

    @Test func theIdleClockRestartsWhenTheLastCallEnds() async throws {
        try await withTestServer(router: EchoService.router(), configure: { $0.connection.idleTimeout = .seconds(1) }) { _, port in
            let connection = try await RawConnection.connect(port: port)
            var received: [UInt8] = []
            // Four calls 400 ms apart span 1.6 s, more than the idle timeout: no GoAway may come.
            for callID in [1, 3, 5, 7] as [UInt64] {
                try await connection.send(Wire.open(callID: callID, method: EchoService.get, metadata: ["authorization": token]))
                while !Wire.frames(received).compactMap(Wire.serverFrame).contains(where: { $0.callID == callID && $0.closeCode != nil }) {
                    let more = await connection.read(atLeast: 1)
                    guard !more.isEmpty else {
                        Issue.record("the connection closed while calls kept coming")
                        return
                    }
                    received += more
                }
                try await Task.sleep(for: .milliseconds(400))
            }
            #expect(!Wire.frames(received).compactMap(Wire.serverFrame).contains { $0.goAwayCode != nil })
            received += await connection.readUntilClosed()
            #expect(Wire.frames(received).compactMap(Wire.serverFrame).last?.goAwayCode == 14)
        }
    }

    @Test func anOpenRacingTheIdleGoAwayIsRefusedUnavailableNotDropped() async throws {
        try await withTestServer(router: EchoService.router(), configure: {
            $0.connection.idleTimeout = .milliseconds(200)
            $0.connection.goAwayLinger = .seconds(2)
        }) { _, port in
            let connection = try await RawConnection.connect(port: port)
            try await connection.send(Wire.frame(Wire.field(7, bytes: Wire.field(1, varint: 1))))  // ping: TLS up
            var received = await connection.read(atLeast: 1)
            while !Wire.frames(received).compactMap(Wire.serverFrame).contains(where: { $0.goAwayCode == 14 }) {
                let more = await connection.read(atLeast: 1)
                guard !more.isEmpty else {
                    Issue.record("the connection closed before its idle GoAway arrived")
                    return
                }
                received += more
            }
            try await connection.send(Wire.open(callID: 3, method: EchoService.get, metadata: ["authorization": token]))
            let frames = Wire.frames(await connection.readUntilClosed()).compactMap(Wire.serverFrame)
            #expect(frames.contains { $0.callID == 3 && $0.closeCode == 14 })
        }
    }

    @Test func clientStreamingHandlerThatReadsSlowlyPausesTheSender() async throws {
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
