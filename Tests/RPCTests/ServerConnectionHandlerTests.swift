import Foundation
import NIOCore
import Testing
import TIBSProto
import TIBSTestSupport
@testable import TIBSRPC

/// The server connection handler on an embedded channel with a hand-moved clock: idle timeout,
/// grace period, the GoAway → Ping → Pong close, backpressure and answer limits, each shown by
/// the frames it makes, with no socket and no sleep.
@Suite struct ServerConnectionHandlerTests {
    static let ping: UInt64 = 0x5EED
    static let hold = "/tibs.testing.v1.Test/Hold"
    static let invalid = "/tibs.testing.v1.Test/Invalid"
    static let gatedCollect = "/tibs.testing.v1.Test/GatedCollect"

    /// Echo methods with no token needed, plus: a call that waits until cancelled, one that breaks
    /// a rule `count` times, and a collector that reads nothing until `gate` opens.
    static func router(gate: AsyncStream<Void>? = nil) -> RPCRouter {
        var router = EchoService.router(access: .anyone)
        router.unary(hold, access: .anyone) { (_: EchoRequest, _) -> EchoResponse in
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        router.unary(invalid, access: .anyone) { (request: EchoRequest, _) -> EchoResponse in
            let violations = (0..<Int(request.count)).map { Violation(field: "codes[\($0)]", description: request.text) }
            throw RPCError.invalidArgument(violations, detail: request.text.isEmpty ? nil : request.text)
        }
        router.clientStreaming(gatedCollect, access: .anyone) { (requests: RequestStream<EchoRequest>, _) -> EchoResponse in
            if let gate { for await _ in gate { break } }
            var count: UInt32 = 0
            for try await _ in requests { count += 1 }
            return EchoResponse.with { $0.index = count }
        }
        return router
    }

    static func open(_ id: UInt32, _ method: String = EchoService.get, _ request: EchoRequest = EchoRequest(),
                     halfClose: Bool = true) throws -> Tibs_Rpc_V1_Frame {
        var frame = Tibs_Rpc_V1_Frame()
        frame.callID = id
        let payload: Data = try request.serializedBytes()
        frame.open = .with { $0.method = method; $0.payload = payload; $0.halfClose = halfClose }
        return frame
    }

    static func payload(_ id: UInt32, _ request: EchoRequest) throws -> Tibs_Rpc_V1_Frame {
        .payload(callID: id, try request.serializedBytes())
    }

    // MARK: idle timeout

    @Test func anIdleConnectionGetsGoAwayAndPingAtTheTimeoutAndClosesOnThePong() async throws {
        var limits = ConnectionLimits()
        limits.idleTimeout = .seconds(60)
        try await EmbeddedServerConnection.with(router: Self.router(), limits: limits) { connection in
            try await connection.send(Self.open(1))
            #expect(try await connection.received().map(\.close.code) == [0])
            await connection.advance(by: .seconds(60) - .nanoseconds(1))
            #expect(try await connection.received().isEmpty, "nothing before the timeout")
            await connection.advance(by: .nanoseconds(1))
            let frames = try await connection.received()
            #expect(frames.map(\.body) == [.goAway(.with { $0.code = 14; $0.detail = "idle timeout" }), .ping(.with { $0.data = Self.ping })])
            #expect(connection.isActive, "open until the client shows it read the GoAway")
            try await connection.send(.pong(Self.ping))
            #expect(!connection.isActive)
        }
    }

    @Test func theIdleClockRestartsWhenTheLastCallEnds() async throws {
        var limits = ConnectionLimits()
        limits.idleTimeout = .seconds(60)
        try await EmbeddedServerConnection.with(router: Self.router(), limits: limits) { connection in
            // Calls at 40 s, 80 s and 120 s: never 60 s without a call, so no GoAway.
            for (index, id) in [1, 3, 5].enumerated() {
                await connection.advance(by: .seconds(40))
                try await connection.send(Self.open(UInt32(id), EchoService.get, .with { $0.text = "\(index)" }))
                let frames = try await connection.received()
                #expect(frames.count == 1 && frames.first?.callID == UInt32(id) && frames.first?.close.code == 0)
            }
            await connection.advance(by: .seconds(60) - .nanoseconds(1))
            #expect(try await connection.received().isEmpty)
            await connection.advance(by: .nanoseconds(1))
            #expect(try await connection.received().first?.goAway.detail == "idle timeout")
        }
    }

    @Test func aCallOpenPastTheIdleTimeoutKeepsTheConnection() async throws {
        var limits = ConnectionLimits()
        limits.idleTimeout = .seconds(60)
        try await EmbeddedServerConnection.with(router: Self.router(), limits: limits) { connection in
            try await connection.send(Self.open(1, Self.hold))
            await connection.advance(by: .seconds(600))
            #expect(try await connection.received().isEmpty)
            #expect(connection.isActive)
        }
    }

    @Test func anOpenRacingTheIdleGoAwayIsRefusedUnavailableNotDropped() async throws {
        var limits = ConnectionLimits()
        limits.idleTimeout = .seconds(60)
        try await EmbeddedServerConnection.with(router: Self.router(), limits: limits) { connection in
            await connection.advance(by: .seconds(60))
            _ = try await connection.received()  // GoAway, Ping
            // The client sent this Open before it read the GoAway; its Pong comes after it.
            try await connection.send(Self.open(3))
            let refusal = try await connection.received()
            #expect(refusal.count == 1)
            #expect(refusal.first?.callID == 3 && refusal.first?.close.code == 14)
            #expect(refusal.first?.close.trailers[unprocessedTrailer] == "true")
            #expect(connection.isActive)
            try await connection.send(.pong(Self.ping))
            #expect(!connection.isActive)
        }
    }

    @Test func aPongForAnotherPingDoesNotCloseAndTheAcknowledgeTimeoutDoes() async throws {
        var limits = ConnectionLimits()
        limits.idleTimeout = .seconds(60)
        limits.goAwayAcknowledgeTimeout = .seconds(5)
        try await EmbeddedServerConnection.with(router: Self.router(), limits: limits) { connection in
            await connection.advance(by: .seconds(60))
            try await connection.send(.pong(Self.ping + 1))
            await connection.advance(by: .seconds(5) - .nanoseconds(1))
            #expect(connection.isActive)
            await connection.advance(by: .nanoseconds(1))
            #expect(!connection.isActive)
        }
    }

    @Test func aClientPingIsAnsweredWithItsData() async throws {
        try await EmbeddedServerConnection.with(router: Self.router()) { connection in
            try await connection.send(.ping(77))
            #expect(try await connection.received().map(\.body) == [.pong(.with { $0.data = 77 })])
        }
    }

    @Test func theServerEndsACallAtItsDeadlineCountedFromTheOpen() async throws {
        try await EmbeddedServerConnection.with(router: Self.router()) { connection in
            await connection.advance(by: .seconds(7))
            var open = try Self.open(1, Self.hold)
            open.open.timeoutMs = 1500
            try await connection.send(open)
            await connection.advance(by: .milliseconds(1500) - .nanoseconds(1))
            #expect(try await connection.received().isEmpty)
            await connection.advance(by: .nanoseconds(1))
            let frames = try await connection.received()
            #expect(frames.count == 1 && frames.first?.callID == 1 && frames.first?.close.code == 4)
            #expect(try await connection.handler { $0.hasOpenCalls } == false)
        }
    }

    // MARK: graceful shutdown

    @Test func gracefulShutdownLetsAnOpenCallFinishAfterTheGoAway() async throws {
        try await EmbeddedServerConnection.with(router: Self.router()) { connection in
            try await connection.send(Self.open(1, Self.gatedCollect, halfClose: false))
            try await connection.handler { $0.beginGracefulShutdown(grace: .seconds(10)) }
            let first = try await connection.received()
            #expect(first.first?.goAway.code == 14 && first.last?.ping.data == Self.ping)
            try await connection.send(.pong(Self.ping))
            #expect(connection.isActive, "call 1 is still open")
            // The call goes on after the GoAway: it takes a message and finishes OK.
            try await connection.send(Self.payload(1, .with { $0.text = "after the GoAway" }))
            var halfClose = Tibs_Rpc_V1_Frame()
            halfClose.callID = 1
            halfClose.halfClose = .init()
            try await connection.send(halfClose)
            try await connection.channel.closeFuture.get()
            let answer = try await connection.received()
            #expect(answer.count == 1 && answer.first?.callID == 1 && answer.first?.close.code == 0)
            #expect(try EchoResponse(serializedBytes: answer.first?.close.payload ?? Data()).index == 2, "the Open's payload and one after the GoAway")
            #expect(!connection.isActive)
        }
    }

    @Test func gracefulShutdownAnswersNewOpensUnavailableWithTheUnprocessedTrailer() async throws {
        try await EmbeddedServerConnection.with(router: Self.router()) { connection in
            try await connection.send(Self.open(1, Self.hold))
            try await connection.handler { $0.beginGracefulShutdown(grace: .seconds(10)) }
            _ = try await connection.received()
            try await connection.send(Self.open(2))
            let refusal = try await connection.received()
            #expect(refusal.first?.callID == 2 && refusal.first?.close.code == 14)
            #expect(refusal.first?.close.trailers[unprocessedTrailer] == "true")
        }
    }

    @Test func callsStillOpenWhenTheGracePeriodEndsAreUnavailable() async throws {
        try await EmbeddedServerConnection.with(router: Self.router()) { connection in
            try await connection.send(Self.open(1, Self.hold))
            try await connection.handler { $0.beginGracefulShutdown(grace: .seconds(10)) }
            try await connection.send(.pong(Self.ping))
            _ = try await connection.received()
            await connection.advance(by: .seconds(10) - .nanoseconds(1))
            #expect(try await connection.received().isEmpty, "the call may run for the whole grace period")
            await connection.advance(by: .nanoseconds(1))
            let frames = try await connection.received()
            // The grace path: the call had started (no unprocessed trailer) and is ended by the server.
            #expect(frames.count == 1 && frames.first?.callID == 1 && frames.first?.close.code == 14)
            #expect(frames.first?.close.detail == "server shut down before the call finished")
            #expect(frames.first?.close.trailers[unprocessedTrailer] == nil)
            #expect(!connection.isActive)
        }
    }

    @Test func aClientThatNeverReadsDoesNotHoldTheShutdownPastGraceAndAcknowledgeTimeout() async throws {
        var limits = ConnectionLimits()
        limits.maxQueuedWriteBytes = 1024
        limits.goAwayAcknowledgeTimeout = .seconds(5)
        try await EmbeddedServerConnection.with(router: Self.router(), limits: limits) { connection in
            try await connection.socket { $0.holding = true }
            try await connection.send(Self.open(1, EchoService.sized, .with { $0.count = 2048 }))  // fills the budget
            try await connection.send(Self.open(3, Self.hold))  // accepted, held
            try await connection.handler { $0.beginGracefulShutdown(grace: .seconds(10)) }
            await connection.advance(by: .seconds(10))
            #expect(connection.isActive, "call 3's Close waits behind call 1's answer")
            await connection.advance(by: .seconds(5) - .nanoseconds(1))
            #expect(connection.isActive)
            await connection.advance(by: .nanoseconds(1))
            #expect(!connection.isActive)
        }
    }

    // MARK: backpressure

    @Test func clientStreamingHandlerThatReadsSlowlyPausesTheSender() async throws {
        var limits = ConnectionLimits()
        limits.requestBufferHigh = 4
        let (gate, opener) = AsyncStream<Void>.makeStream()
        try await EmbeddedServerConnection.with(router: Self.router(gate: gate), limits: limits) { connection in
            try await connection.send(Self.open(1, Self.gatedCollect, halfClose: false))
            for index in 0..<10 { try await connection.send(Self.payload(1, .with { $0.text = "\(index)" })) }
            let before = try await connection.socket { $0.reads }
            try await connection.requestRead()
            #expect(try await connection.socket { $0.reads } == before, "the buffer is full: the connection does not read")
            opener.yield()
            // The handler drains its buffer; the connection reads again.
            let end = ContinuousClock.now + HangBound.scaled(.seconds(30))
            while try await connection.socket({ $0.reads }) == before, ContinuousClock.now < end { await Task.yield() }
            #expect(try await connection.socket { $0.reads } == before + 1)
            var halfClose = Tibs_Rpc_V1_Frame()
            halfClose.callID = 1
            halfClose.halfClose = .init()
            try await connection.send(halfClose)
            try await connection.waitFor { !$0.hasOpenCalls }
            let answer = try await connection.received()
            #expect(answer.map(\.callID) == [1])
            #expect(answer.first?.close.code == 0)
            let collected = try EchoResponse(serializedBytes: answer.first?.close.payload ?? Data())
            #expect(collected.index == 11, "the Open's payload and the ten after it")
        }
    }

    @Test func aPeerThatNeverReadsHoldsAtMostTheWriteBudgetAndTheConnectionStopsReading() async throws {
        var limits = ConnectionLimits()
        limits.maxQueuedWriteBytes = 1024 * 1024
        limits.maxOpenCalls = 64
        let padding = Data(repeating: 7, count: 200 * 1024)
        try await EmbeddedServerConnection.with(router: Self.router(), limits: limits) { connection in
            try await connection.socket { $0.holding = true }
            for id in 1...40 {
                let callID = UInt32(id * 2 - 1)
                try await connection.send(Self.open(callID, EchoService.get, .with { $0.padding = padding }))
            }
            // Each answer is ~200 KiB: five fit in the budget and the sixth waits for room; the
            // other 34 calls are accepted but not run while it is full.
            let queued = try await connection.handler { $0.queuedWriteBytes }
            #expect(queued <= limits.maxQueuedWriteBytes)
            #expect(queued >= 4 * padding.count)
            #expect(try await connection.handler { $0.budget.waitingCount } == 1)
            #expect(try await connection.handler { $0.heldCallCount } == 34)
            #expect(try await connection.socket { $0.heldBytes } == queued)
            // Full: the connection does not ask the socket for more calls.
            let reads = try await connection.socket { $0.reads }
            try await connection.requestRead()
            #expect(try await connection.socket { $0.reads } == reads)
            // The waiting answer and the held calls count as open calls: no more than the limit.
            #expect(try await connection.handler { $0.openCallCount } == 35)

            // The peer reads a little at a time: the queue never grows past the budget.
            while try await connection.handler({ $0.budget.waitingCount + $0.queuedWriteBytes + $0.heldCallCount }) > 0 {
                try await connection.socket { $0.release(1) }
                #expect(try await connection.handler { $0.queuedWriteBytes } <= limits.maxQueuedWriteBytes)
            }
            #expect(try await connection.handler { $0.budget.peakQueuedBytes } <= limits.maxQueuedWriteBytes)
            try await connection.socket { $0.release() }
            let closes = try await connection.received()
            let expected: [UInt32] = (1...40).map { (id: Int) -> UInt32 in UInt32(id * 2 - 1) }
            #expect(closes.map(\.callID) == expected, "every answer, in order")
            #expect(closes.allSatisfy { $0.close.code == 0 })
            #expect(try await connection.socket { $0.reads } == reads + 1, "reading resumed once the queue drained")
        }
    }

    // MARK: answer limits

    @Test func aResponseOverTheFrameLimitEndsTheCallResourceExhausted() async throws {
        var limits = ConnectionLimits()
        limits.maxFrameLength = 64 * 1024
        try await EmbeddedServerConnection.with(router: Self.router(), limits: limits) { connection in
            try await connection.send(Self.open(1, EchoService.get, .with { $0.padding = Data(repeating: 1, count: 60 * 1024) }))
            try await connection.send(Self.open(3, EchoService.get, .with { $0.padding = Data(repeating: 1, count: 64 * 1024) }))
            let frames = try await connection.received()
            #expect(frames.count == 2)
            #expect(frames.first?.close.code == 0, "a response under the limit goes through")
            #expect(frames.last?.callID == 3 && frames.last?.close.code == 8)
            #expect(frames.last?.close.detail.contains("frame limit of 65536 bytes") == true)
            #expect(connection.isActive, "the connection goes on")
        }
    }

    @Test func aStreamMessageOverTheFrameLimitEndsTheStreamResourceExhausted() async throws {
        var limits = ConnectionLimits()
        limits.maxFrameLength = 64 * 1024
        let probe = EchoProbe()
        var router = Self.router()
        router.merge(EchoService.router(access: .anyone, probe: probe))
        try await EmbeddedServerConnection.with(router: router, limits: limits) { connection in
            try await connection.send(Self.open(1, EchoService.expand, .with { $0.count = 3; $0.padding = Data(repeating: 1, count: 70 * 1024) }))
            try await connection.waitFor { !$0.hasOpenCalls }
            let frames = try await connection.received()
            #expect(frames.count == 1)
            #expect(frames.first?.callID == 1 && frames.first?.close.code == 8)
            #expect(frames.allSatisfy { $0.payload.isEmpty })
            #expect(probe.sentCount == 0)
        }
    }

    @Test func aHundredThousandViolationsAreAnsweredWithAHundredTheLastSayingHowManyMore() async throws {
        try await EmbeddedServerConnection.with(router: Self.router()) { connection in
            try await connection.send(Self.open(1, Self.invalid, .with { $0.count = 100_000; $0.text = "duplicate" }))
            let close = try #require(try await connection.received().first).close
            #expect(close.code == 3)
            #expect(close.violations.count == 100)
            #expect(close.violations[98].field == "codes[98]")
            #expect(close.violations[99].description_p == "99901 more violations not shown")
        }
    }

    @Test func aLongDetailAndLongViolationTextsAreCut() async throws {
        try await EmbeddedServerConnection.with(router: Self.router()) { connection in
            let long = String(repeating: "ž", count: 50_000)
            try await connection.send(Self.open(1, Self.invalid, .with { $0.count = 1; $0.text = long }))
            let close = try #require(try await connection.received().first).close
            #expect(close.detail.utf8.count <= AnswerLimits.maxDetailBytes)
            #expect(close.detail.hasPrefix("žžž") && close.detail.hasSuffix("…"))
            #expect(close.violations.first.map { $0.description_p.utf8.count <= AnswerLimits.maxDescriptionBytes } == true)
        }
    }

    @Test func aHundredKilobyteUnknownMethodIsNotEchoedBackWhole() async throws {
        try await EmbeddedServerConnection.with(router: Self.router()) { connection in
            try await connection.send(Self.open(1, "/" + String(repeating: "x", count: 100_000)))
            let close = try #require(try await connection.received().first).close
            #expect(close.code == 12)
            #expect(close.detail.utf8.count < 300)
        }
    }
}
