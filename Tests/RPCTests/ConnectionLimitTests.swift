import Foundation
import NIOCore
import NIOPosix
import Testing
import TIBSProto
@testable import TIBSRPC
import TIBSTestSupport

/// The limits a server enforces on calls and connections, and the client's share of them. Handlers
/// wait on a `Gate` the test opens, so "open at once" never depends on how fast the machine is.
@Suite struct ConnectionLimitTests {
    @Test func twoHundredConcurrentCallsShareOneConnection() async throws {
        let gate = Gate()
        try await withTestServer(router: gate.echoRouter(), configure: { $0.connection.maxOpenCalls = 256 }) { server, port in
            let client = try makeTestClient(port: port) { $0.maxConcurrentCalls = 256 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let response: EchoResponse = try await client.unary(EchoService.get, EchoRequest.with { $0.text = "\(index)" })
                        #expect(response.text == "\(index)")
                    }
                }
                await gate.arrivals(200)  // all 200 are open on the server at once
                #expect(server.establishedConnectionCount == 1)
                gate.open()
                try await group.waitForAll()
            }
            #expect(server.acceptedConnectionCount == 1)
            await client.close()
        }
    }

    @Test func callsOverTheOpenCallLimitAreResourceExhausted() async throws {
        let gate = Gate()
        try await withTestServer(router: gate.echoRouter(), configure: { $0.connection.maxOpenCalls = 4 }) { _, port in
            let client = try makeTestClient(port: port)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { let _: EchoResponse = try await client.unary(EchoService.get, EchoRequest()) }
                }
                await gate.arrivals(4)
                for _ in 0..<4 {
                    let error = await #expect(throws: RPCError.self) {
                        let _: EchoResponse = try await client.unary(EchoService.get, EchoRequest())
                    }
                    #expect(error?.code == .resourceExhausted)
                }
                gate.open()
                try await group.waitForAll()  // the four admitted calls succeed
            }
            await client.close()
        }
    }

    @Test func connectionsOverTheLimitAreClosedWhenNoneMayMakeRoom() async throws {
        try await withTestServer(router: EchoService.router(), configure: { $0.maxConnections = 2; $0.idleEvictionAfter = nil }) { server, port in
            let first = try await RawConnection.connect(port: port)
            let second = try await RawConnection.connect(port: port)
            try await first.send(Wire.frame(Wire.field(7, bytes: Wire.field(1, varint: 1))))  // a ping: TLS is up
            try await second.send(Wire.frame(Wire.field(7, bytes: Wire.field(1, varint: 2))))
            try await waitUntil(timeout: .seconds(30)) { server.establishedConnectionCount == 2 }
            let third = try await RawConnection.connect(port: port)
            _ = await third.readUntilClosed()
            #expect(!third.isActive)
            #expect(first.isActive && second.isActive)
            await first.close()
            await second.close()
        }
    }

    /// Connections that never call (or trickle a frame that never completes) must not keep real
    /// clients out for the whole idle timeout: at the limit, the one idle longest makes room; one
    /// with a call open never does.
    @Test func atTheLimitANewConnectionTakesTheSlotOfTheOneIdleLongestNeverOfABusyOne() async throws {
        let gate = Gate()
        try await withTestServer(router: gate.echoRouter(), configure: {
            $0.maxConnections = 3
            $0.idleEvictionAfter = .zero  // any idle connection qualifies: no test waits on time
            $0.connection.goAwayAcknowledgeTimeout = .seconds(600)  // closed on its Pong, not a timer
        }) { server, port in
            // Ready one after another, so "idle longest" is the first.
            let idleFirst = try await RawConnection.connect(port: port)
            try await idleFirst.send(Wire.ping(1))
            try await waitUntil(timeout: .seconds(30)) { server.establishedConnectionCount == 1 }
            let trickler = try await RawConnection.connect(port: port)
            try await trickler.send(Wire.ping(2))
            try await waitUntil(timeout: .seconds(30)) { server.establishedConnectionCount == 2 }
            try await trickler.send([0x00, 0x00])  // the start of a frame header, never finished
            // Busy: a call held open by the gate.
            let busy = try makeTestClient(port: port)
            let call = Task { () throws -> EchoResponse in try await busy.unary(EchoService.get, EchoRequest.with { $0.text = "held" }) }
            await gate.arrivals(1)
            #expect(server.establishedConnectionCount == 3)

            let newcomer = try await RawConnection.connect(port: port)
            var firstReader = RawFrameReader(idleFirst)
            #expect(await firstReader.read { $0.contains { $0.goAwayCode != nil } && $0.contains { $0.ping != nil } })
            let goAway = try #require(firstReader.frames.first { $0.goAwayCode != nil })
            #expect(goAway.goAwayCode == 14 && goAway.goAwayDetail?.contains("connection limit") == true, "\(goAway)")
            try await idleFirst.send(Wire.pong(try #require(firstReader.frames.first { $0.ping != nil }?.ping)))
            await firstReader.readUntilClosed()
            #expect(!idleFirst.isActive)
            var newcomerReader = RawFrameReader(newcomer)
            try await newcomer.send(Wire.ping(3))
            #expect(await newcomerReader.read { $0.contains { $0.pong == 3 } }, "the newcomer is served")

            // Full again (trickler, busy, newcomer): the next one sends the trickler away, never
            // the connection with the open call.
            let next = try await RawConnection.connect(port: port)
            var tricklerReader = RawFrameReader(trickler)
            #expect(await tricklerReader.read { $0.contains { $0.goAwayCode != nil } })
            gate.open()
            let answer = try await call.value
            #expect(answer.text == "held", "the busy connection's call finished")
            #expect(server.establishedConnectionCount == 3)
            await next.close()
            await newcomer.close()
            await trickler.close()
            await busy.close()
        }
    }

    @Test func aClientStallingMidHandshakeIsClosedAfterTheTimeout() async throws {
        try await withTestServer(router: EchoService.router(), configure: { $0.handshakeTimeout = .milliseconds(300) }) { server, port in
            // Plain TCP to a TLS port: a partial ClientHello record header, then silence.
            let connection = try await RawConnection.connect(port: port, tls: nil)
            try? await connection.send([0x16, 0x03, 0x01, 0x02])  // the server may have closed already
            _ = await connection.readUntilClosed()  // returns only when the server closes it
            #expect(!connection.isActive)
            #expect(server.establishedConnectionCount == 0)
        }
    }

    @Test func whenPendingHandshakesAreAtTheirCapTheOldestIsClosedForANewOne() async throws {
        try await withTestServer(router: EchoService.router(), configure: {
            $0.maxPendingHandshakes = 4
            $0.handshakeTimeout = .seconds(120)  // only eviction closes a socket here
            $0.handshakeTimeoutUnderPressure = .seconds(120)
        }) { server, port in
            // One at a time, each counted by the server before the next: "oldest" is the server's
            // accept order, and sockets set up on different event loops of a busy machine can be
            // counted out of their connect order.
            var idle: [any Channel] = []
            for expected in 1...4 {
                idle.append(try await Self.idleSocket(port))
                try await waitUntil(timeout: .seconds(30)) { server.pendingHandshakeCount == expected }
            }
            idle.append(try await Self.idleSocket(port))
            try await idle[0].closeFuture.get()  // the server closed the oldest
            try await waitUntil(timeout: .seconds(30)) { server.pendingHandshakeCount == 4 }
            let stillOpen = idle[1...].allSatisfy { $0.isActive }
            #expect(stillOpen)
            for socket in idle { try? await socket.close() }
        }
    }

    @Test func aRealClientGetsInWhileElevenHundredSocketsSitIdleWithoutTLS() async throws {
        // The newcomer's handshake runs under pressure; a long short timeout keeps a loaded machine's
        // slow handshake from failing it (the shortening itself is ConnectionAdmissionTests').
        try await withTestServer(router: EchoService.router(), configure: { $0.handshakeTimeoutUnderPressure = .seconds(60) }) { server, port in
            // Established before the flood: pending handshakes must never cost it its connection.
            let established = try makeTestClient(port: port)
            let _: EchoResponse = try await established.unary(EchoService.get, EchoRequest.with { $0.text = "before" })
            let connection = try #require(established.currentConnection)

            // The idle sockets live on a group of their own, so the flood does not also slow the
            // event loops every other test in the process shares.
            let attackers = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            var idle: [any Channel] = []
            for _ in 0..<1_100 { idle.append(try await Self.idleSocket(port, group: attackers)) }
            try await waitUntil(timeout: .seconds(60)) { server.acceptedConnectionCount >= 1_101 }
            #expect(server.pendingHandshakeCount <= server.configuration.maxPendingHandshakes)

            let newcomer = try makeTestClient(port: port)
            let answer: EchoResponse = try await newcomer.unary(EchoService.get, EchoRequest.with { $0.text = "during" })
            #expect(answer.text == "during")
            let again: EchoResponse = try await established.unary(EchoService.get, EchoRequest.with { $0.text = "still" })
            #expect(again.text == "still")
            #expect(established.currentConnection?.channel === connection.channel, "the established connection was kept")

            for socket in idle { try? await socket.close() }
            try await attackers.shutdownGracefully()
            await newcomer.close()
            await established.close()
        }
    }

    /// A TCP connection that never sends a byte (no TLS ClientHello).
    static func idleSocket(_ port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> any Channel {
        // NIO's default 10 s connect timeout is a speed assumption: a loaded machine accepting 1,100
        // sockets can take longer to answer a SYN. The bound only ends a hung test.
        try await ClientBootstrap(group: group).connectTimeout(HangBound.scaled(.seconds(120))).connect(host: "127.0.0.1", port: port).get()
    }
}
