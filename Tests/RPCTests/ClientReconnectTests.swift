import Foundation
import NIOCore
import Testing
import TIBSProto
@testable import TIBSRPC
import TIBSTestSupport

/// How an `RPCClient` gets, loses and replaces its connection. Each test waits on events (a
/// connection closing, a handler reached, a listener accepting), never on the clock.
@Suite struct ClientReconnectTests {
    @Test func clientReconnectsAfterTheServerClosedItsConnection() async throws {
        // The server says GoAway and closes the connection once the first call is done (what its
        // idle timeout does, at a moment the test chooses rather than when a timer fires).
        try await withTestServer(router: EchoService.router()) { server, port in
            let client = try makeTestClient(port: port)
            let first: EchoResponse = try await client.unary(EchoService.get, EchoRequest.with { $0.text = "one" })
            let dialled = server.acceptedConnectionCount
            let connection = try #require(client.currentConnection)
            server.goAwayOnEveryConnection()
            try await connection.channel.closeFuture.get()  // this client has seen it go
            let second: EchoResponse = try await client.unary(EchoService.get, EchoRequest.with { $0.text = "two" })
            #expect([first.text, second.text] == ["one", "two"])
            #expect(server.acceptedConnectionCount > dialled, "the second call went over a new connection")
            #expect(client.currentConnection?.channel !== connection.channel)
            await client.close()
        }
    }

    @Test func aUnaryCallRefusedUnprocessedIsSentAgainOnANewConnection() async throws {
        // Connection 1 refuses the call as a server going away does (the Open crossed its GoAway);
        // connection 2 answers it.
        let server = try await ScriptedServer.start { connection, frame in
            guard case .open(let open) = frame.body else { return .init() }
            if connection == 1 {
                return .init(frames: [.scriptedGoAway(code: 14, detail: "idle timeout"),
                                      .scriptedClose(frame.callID, code: 14, trailers: [unprocessedTrailer: "true"])])
            }
            return .init(frames: [.scriptedClose(frame.callID, code: 0, payload: open.payload)])
        }
        let client = try makeTestClient(port: server.port, tls: nil)
        let response: EchoResponse = try await client.unary(EchoService.get, EchoRequest.with { $0.text = "again" })
        #expect(response.text == "again")
        #expect(server.acceptedCount == 2)
        await client.close()
        await server.stop()
    }

    @Test func aCallTheServerDroppedWithoutAnAnswerIsNotRetried() async throws {
        // The server read the Open and closed: it may have run it, so the client must not resend.
        let server = try await ScriptedServer.start { _, frame in
            guard case .open = frame.body else { return .init() }
            return .init(close: true)
        }
        let client = try makeTestClient(port: server.port, tls: nil)
        let error = await #expect(throws: RPCError.self) {
            let _: EchoResponse = try await client.unary(EchoService.get, EchoRequest.with { $0.text = "once" })
        }
        #expect(error?.code == .unavailable)
        #expect(error?.trailers[unprocessedTrailer] == nil)
        #expect(server.acceptedCount == 1, "no second attempt")
        await client.close()
        await server.stop()
    }

    @Test func afterAGoAwayTheNextCallDialsANewConnection() async throws {
        // Connection 1 answers the first call, then says GoAway and keeps the socket open.
        let server = try await ScriptedServer.start { connection, frame in
            guard case .open(let open) = frame.body else { return .init() }
            var frames = [Tibs_Rpc_V1_Frame.scriptedClose(frame.callID, code: 0, payload: open.payload)]
            if connection == 1 { frames.append(.scriptedGoAway(code: 14, detail: "shutting down")) }
            return .init(frames: frames)
        }
        let client = try makeTestClient(port: server.port, tls: nil)
        let _: EchoResponse = try await client.unary(EchoService.get, EchoRequest.with { $0.text = "one" })
        let first = try #require(client.currentConnection)
        // The GoAway follows the Close in the same write; wait until the handler has read it.
        try await waitUntil(timeout: .seconds(30)) { first.unusable.load(ordering: .relaxed) }
        let _: EchoResponse = try await client.unary(EchoService.get, EchoRequest.with { $0.text = "two" })
        #expect(server.acceptedCount == 2)
        await client.close()
        await server.stop()
    }

    @Test func closeWhileADialIsInProgressFailsTheWaitingCallsInsteadOfLeavingThemHanging() async throws {
        let listener = try await SilentListener.start()
        let client = try makeTestClient(port: listener.port) {
            $0.connectTimeout = HangBound.scaled(.seconds(120))
            $0.backoff.maxAttempts = 1
        }
        let dialler = Task { () -> Result<EchoResponse, any Error> in
            await Result(catching: { try await client.unary(EchoService.get, EchoRequest()) })
        }
        let accepted = try #require(await listener.nextAccepted())  // the dial is in its TLS handshake
        let waiter = Task { () -> Result<EchoResponse, any Error> in
            await Result(catching: { try await client.unary(EchoService.get, EchoRequest()) })
        }
        try await waitUntil(timeout: .seconds(30)) { client.dialWaiterCount == 1 }
        await client.close()
        // The waiting call fails at once (it used to hang forever).
        let waited = await waiter.value
        #expect(throws: RPCError(.unavailable, "client is closed")) { try waited.get() }
        // The dial ends when its handshake does; the call that dialled fails too.
        try await accepted.close()
        let dialled = await dialler.value
        #expect(throws: RPCError.self) { try dialled.get() }
        await listener.stop()
    }

    @Test func aServerThatNeverAnswersTheHandshakeFailsTheCallAfterTheHandshakeTimeout() async throws {
        let listener = try await SilentListener.start()
        let client = try makeTestClient(port: listener.port) {
            $0.handshakeTimeout = .milliseconds(200)
            $0.backoff.maxAttempts = 1
        }
        let error = await #expect(throws: RPCError.self) {
            let _: EchoResponse = try await client.unary(EchoService.get, EchoRequest())
        }
        #expect(error?.code == .unavailable)
        #expect(error?.detail.contains("no TLS handshake within") == true, "\(String(describing: error))")
        await client.close()
        await listener.stop()
    }

    @Test func unreachableServerIsUnavailableAfterBackoff() async throws {
        try await RefusingPort.with { port in
            let client = try makeTestClient(port: port) { $0.backoff.maxAttempts = 3; $0.backoff.initial = .milliseconds(10) }
            let error = await #expect(throws: RPCError.self) {
                let _: EchoResponse = try await client.unary(EchoService.get, EchoRequest())
            }
            #expect(error?.code == .unavailable)
            #expect(error?.detail.hasPrefix("cannot connect to 127.0.0.1:\(port)") == true)
            await client.close()
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
