import Foundation
import NIOCore
import NIOConcurrencyHelpers
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRPC
import TIBSTestSupport

typealias EchoRequest = Tibs_Testing_V1_EchoRequest
typealias EchoResponse = Tibs_Testing_V1_EchoResponse

/// Calls over a real TLS server and client in one process.
@Suite struct CallTests {
    @Test func unaryCallRoundTripsAndEchoesTheRequestID() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let client = try makeTestClient(port: port)
            let result: CallResult<EchoResponse> = try await client.unaryWithTrailers(
                EchoService.get, EchoRequest.with { $0.text = "Vidzeme" }, metadata: ["x-request-id": "req-42"])
            #expect(result.response.text == "Vidzeme")
            #expect(result.trailers["x-request-id"] == "req-42")
            await client.close()
        }
    }

    @Test func serverGeneratesARequestIDWhenTheClientSendsNone() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let client = try makeTestClient(port: port)
            let result: CallResult<EchoResponse> = try await client.unaryWithTrailers(EchoService.get, EchoRequest())
            #expect(result.trailers["x-request-id"]?.count == 36)
            await client.close()
        }
    }

    @Test func serverStreamingDeliversAThousandMessagesInOrder() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let client = try makeTestClient(port: port)
            let indices = try await client.serverStreaming(EchoService.expand, EchoRequest.with { $0.count = 1000; $0.text = "x" }) {
                (stream: ResponseStream<EchoResponse>) in
                var seen: [UInt32] = []
                for try await message in stream { seen.append(message.index) }
                return seen
            }
            #expect(indices == Array(0..<1000))
            await client.close()
        }
    }

    @Test func clientStreamingCollectsEveryRequest() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let client = try makeTestClient(port: port)
            let requests = AsyncStream<EchoRequest> { continuation in
                for index in 0..<300 { continuation.yield(.with { $0.text = "\(index)" }) }
                continuation.finish()
            }
            let response: EchoResponse = try await client.clientStreaming(EchoService.collect, requests: requests)
            #expect(response.index == 300)
            #expect(response.text.split(separator: ",").map { Int($0) } == Array(0..<300))
            await client.close()
        }
    }

    @Test func aHandlerStartedOnTheGlobalExecutorMayBlockWithoutHoldingUpItsConnection() async throws {
        final class Gate: Sendable {
            let entered = NIOLockedValueBox(false)
            let opened = NIOLockedValueBox(false)
        }
        let gate = Gate()
        var router = RPCRouter()
        // Blocks its thread (no await) until the other call opens the gate, for at most 10 s (times
        // HangBound.scale). Run on the event loop it would stop the connection reading that call.
        router.unary("/tibs.testing.v1.Blocking/Wait", access: .anyone, start: .onGlobalExecutor) { (_: EchoRequest, _) in
            gate.entered.withLockedValue { $0 = true }
            for _ in 0..<(10_000 * HangBound.scale) where !gate.opened.withLockedValue({ $0 }) { usleep(1_000) }
            return EchoResponse.with { $0.text = gate.opened.withLockedValue { $0 } ? "opened" : "timed out" }
        }
        router.unary("/tibs.testing.v1.Blocking/Open", access: .anyone) { (_: EchoRequest, _) in
            gate.opened.withLockedValue { $0 = true }
            return EchoResponse()
        }
        try await withTestServer(router: router) { _, port in
            let client = try makeTestClient(port: port)
            let waiting = Task { () -> EchoResponse in try await client.unary("/tibs.testing.v1.Blocking/Wait", EchoRequest()) }
            try await waitUntil { gate.entered.withLockedValue { $0 } }
            let _: EchoResponse = try await client.unary("/tibs.testing.v1.Blocking/Open", EchoRequest())
            #expect(try await waiting.value.text == "opened")
            await client.close()
        }
    }

    @Test func aSlowCallDoesNotHoldUpOthersOnItsConnection() async throws {
        let probe = EchoProbe()
        try await withTestServer(router: EchoService.router(probe: probe)) { _, port in
            let client = try makeTestClient(port: port)
            // The slow call sleeps an hour (cancelled below): the fast calls finish while it is open
            // however slowly the machine runs them.
            let slow = Task { () -> EchoResponse in
                try await client.unary(EchoService.get, EchoRequest.with { $0.text = "slow"; $0.delayMs = 3_600_000 })
            }
            try await waitUntil { probe.startedCount == 1 }
            for _ in 0..<20 {
                let _: EchoResponse = try await client.unary(EchoService.get, EchoRequest.with { $0.text = "fast" })
            }
            #expect(probe.finishedCount == 20)
            #expect(probe.startedCount - probe.finishedCount == 1, "the slow call is still running")
            slow.cancel()
            _ = try? await slow.value
            await client.close()
        }
    }

    @Test func unknownMethodIsUnimplemented() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let client = try makeTestClient(port: port)
            let error = await #expect(throws: RPCError.self) {
                let _: EchoResponse = try await client.unary("/tibs.testing.v1.Echo/Nope", EchoRequest())
            }
            #expect(error?.code == .unimplemented)
            // The connection survives: the next call works.
            let ok: EchoResponse = try await client.unary(EchoService.get, EchoRequest.with { $0.text = "still here" })
            #expect(ok.text == "still here")
            await client.close()
        }
    }

    @Test func undecodableRequestIsInvalidArgumentNamingTheType() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let client = try makeTestClient(port: port)
            let error = await #expect(throws: RPCError.self) {
                _ = try await client.unaryRaw(EchoService.get, Data([0xFF, 0xFF, 0xFF]))
            }
            #expect(error?.code == .invalidArgument)
            #expect(error?.detail.contains("tibs.testing.v1.EchoRequest") == true)
            await client.close()
        }
    }

    @Test func deadlineExceededCancelsTheHandler() async throws {
        let probe = EchoProbe()
        try await withTestServer(router: EchoService.router(probe: probe)) { _, port in
            let client = try makeTestClient(port: port)
            let error = await #expect(throws: RPCError.self) {
                let _: EchoResponse = try await client.unary(
                    EchoService.get, EchoRequest.with { $0.delayMs = 3_600_000 }, timeout: .milliseconds(200))
            }
            #expect(error?.code == .deadlineExceeded)
            try await waitUntil { probe.cancelledCount == 1 }
            await client.close()
        }
    }

    @Test func clientTaskCancellationReachesTheHandler() async throws {
        let probe = EchoProbe()
        try await withTestServer(router: EchoService.router(probe: probe)) { _, port in
            let client = try makeTestClient(port: port)
            let call = Task { () -> EchoResponse in
                try await client.unary(EchoService.get, EchoRequest.with { $0.delayMs = 3_600_000 })
            }
            try await waitUntil { probe.startedCount == 1 }
            call.cancel()
            let result = await call.result
            #expect(throws: RPCError.self) { try result.get() }
            try await waitUntil { probe.cancelledCount == 1 }
            await client.close()
        }
    }

    @Test func healthNeedsNoTokenAndDescribeListsMethods() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let anonymous = try makeTestClient(port: port, token: nil)
            let health: Tibs_Health_V1_HealthCheckResponse = try await anonymous.unary(BuiltinServices.healthCheckPath, Tibs_Health_V1_HealthCheckRequest())
            #expect(health.status == .serving)
            let error = await #expect(throws: RPCError.self) {
                let _: Tibs_Reflection_V1_DescribeResponse = try await anonymous.unary(BuiltinServices.describePath, Tibs_Reflection_V1_DescribeRequest())
            }
            #expect(error?.code == .unauthenticated)

            let client = try makeTestClient(port: port, token: TestPKI.shared.token(.integrator))
            let description: Tibs_Reflection_V1_DescribeResponse = try await client.unary(BuiltinServices.describePath, Tibs_Reflection_V1_DescribeRequest())
            let expand = description.methods.first { $0.name == EchoService.expand }
            #expect(expand?.serverStreaming == true)
            #expect(expand?.requestType == "tibs.testing.v1.EchoRequest")
            #expect(description.methods.contains { $0.name == BuiltinServices.healthCheckPath && !$0.requiresToken })
            #expect(!description.fileDescriptorSet.isEmpty)
            await anonymous.close()
            await client.close()
        }
    }
}

extension CallTests {
    @Test func aBadTokenIsIgnoredOnHealthWhichNeedsNone() async throws {
        try await withTestServer(router: EchoService.router()) { _, port in
            let client = try makeTestClient(port: port, token: "not-a-token")
            let health: Tibs_Health_V1_HealthCheckResponse = try await client.unary(BuiltinServices.healthCheckPath, Tibs_Health_V1_HealthCheckRequest())
            #expect(health.status == .serving)
            // The same token is refused where one is needed.
            let error = await #expect(throws: RPCError.self) {
                let _: EchoResponse = try await client.unary(EchoService.get, EchoRequest())
            }
            #expect(error?.code == .unauthenticated)
            await client.close()
        }
    }
}

/// Polls `condition` every 10 ms for at most `timeout` (generous: a loaded machine is slow, and a
/// condition that holds ends the wait at once; times ``HangBound/scale``); fails the test when it
/// never holds.
func waitUntil(timeout: Duration = .seconds(30), _ condition: @Sendable () -> Bool) async throws {
    let end = ContinuousClock.now + HangBound.scaled(timeout)
    while !condition() {
        if ContinuousClock.now > end {
            Issue.record("condition did not hold within \(HangBound.scaled(timeout))")
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}

extension CallTests {
    /// A failing probe makes Health NOT_SERVING with its reason (and hides mere degradations); a
    /// degraded one leaves it SERVING with what is degraded as the detail; a healthy one, no detail.
    @Test func healthSaysWhyItDoesNotServeAndWhatIsDegradedWhileItServes() async throws {
        let failing = NIOLockedValueBox(true)
        var router = EchoService.router()
        BuiltinServices.install(into: &router, probes: [
            HealthProbe(name: "store", check: { failing.withLockedValue { $0 } ? "not writable" : nil }),
            HealthProbe(name: "followers", check: { nil }, degraded: { "stale: catalogue (not connected)" }),
            HealthProbe(name: "quiet", check: { nil }),
        ])
        try await withTestServer(router: router, installBuiltins: false) { _, port in
            let client = try makeTestClient(port: port, token: nil)
            let down: Tibs_Health_V1_HealthCheckResponse = try await client.unary(BuiltinServices.healthCheckPath, Tibs_Health_V1_HealthCheckRequest())
            #expect(down.status == .notServing)
            #expect(down.detail == "store: not writable")
            failing.withLockedValue { $0 = false }
            let degraded: Tibs_Health_V1_HealthCheckResponse = try await client.unary(BuiltinServices.healthCheckPath, Tibs_Health_V1_HealthCheckRequest())
            #expect(degraded.status == .serving)
            #expect(degraded.detail == "followers: stale: catalogue (not connected)")
            await client.close()
        }
    }
}
