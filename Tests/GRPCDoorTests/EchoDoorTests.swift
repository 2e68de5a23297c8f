import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import SwiftProtobuf
import Testing
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// The door's call paths on the echo service: every streaming kind, tokens, request ids,
/// deadlines and unknown methods, through grpc-swift-2's client.
@Suite struct EchoDoorTests {
    private func withEchoDoor<T: Sendable>(probe: EchoProbe = EchoProbe(),
                                           _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> T) async throws -> T {
        var router = EchoService.router(probe: probe)
        BuiltinServices.install(into: &router)
        return try await withGRPCDoor(router: router) { port in try await withGRPCTestClient(port: port, body) }
    }

    @Test func aUnaryCallIsAnsweredByTheRouterHandlerWithItsRequestID() async throws {
        try await withEchoDoor { client in
            var metadata = bearer(.analyst)
            metadata.addString("grpc-door-test-1", forKey: "x-request-id")
            let (response, trailers) = try await client.call(
                EchoService.get, Tibs_Testing_V1_EchoRequest.with { $0.text = "hej"; $0.padding = Data([1, 2, 3]) },
                metadata: metadata, as: Tibs_Testing_V1_EchoResponse.self)
            #expect(response.text == "hej")
            #expect(response.padding == Data([1, 2, 3]))
            #expect(Array(trailers[stringValues: "x-request-id"]) == ["grpc-door-test-1"])
        }
    }

    @Test func withoutATokenACallIsUnauthenticatedAndAWrongRegionIsDenied() async throws {
        try await withEchoDoor { client in
            let anonymous = try await client.failure(EchoService.get, Tibs_Testing_V1_EchoRequest(), as: Tibs_Testing_V1_EchoResponse.self)
            #expect(anonymous.code == .unauthenticated)
            #expect(anonymous.message.contains("bearer token"))
            #expect(Array(anonymous.metadata[stringValues: "x-request-id"]).count == 1)

            let forged = try await client.failure(EchoService.get, Tibs_Testing_V1_EchoRequest(),
                                                  metadata: ["authorization": "Bearer not-a-token"], as: Tibs_Testing_V1_EchoResponse.self)
            #expect(forged.code == .unauthenticated)

            let analyst = try await client.failure(EchoService.regional, Tibs_Testing_V1_EchoRequest.with { $0.region = "LV008" },
                                                   metadata: bearer(.analyst), as: Tibs_Testing_V1_EchoResponse.self)
            #expect(analyst.code == .permissionDenied)

            let elsewhere = try await client.failure(EchoService.regional, Tibs_Testing_V1_EchoRequest.with { $0.region = "PL841" },
                                                     metadata: bearer(.broker, regions: ["LV008"]), as: Tibs_Testing_V1_EchoResponse.self)
            #expect(elsewhere.code == .permissionDenied)
            #expect(elsewhere.message.contains("PL841"))

            let (own, _) = try await client.call(EchoService.regional, Tibs_Testing_V1_EchoRequest.with { $0.region = "LV008" },
                                                 metadata: bearer(.broker, regions: ["LV008"]), as: Tibs_Testing_V1_EchoResponse.self)
            #expect(own.text == "written in LV008")
        }
    }

    @Test func aServerStreamSendsEveryMessageInOrder() async throws {
        try await withEchoDoor { client in
            let indexes = try await client.serverStreaming(
                request: ClientRequest(message: Tibs_Testing_V1_EchoRequest.with { $0.text = "s"; $0.count = 5 }, metadata: bearer(.analyst)),
                descriptor: grpcMethod(EchoService.expand),
                serializer: ProtobufSerializer<Tibs_Testing_V1_EchoRequest>(),
                deserializer: ProtobufDeserializer<Tibs_Testing_V1_EchoResponse>(),
                options: .patient
            ) { response in
                var indexes: [UInt32] = []
                for try await message in response.messages { indexes.append(message.index) }
                return indexes
            }
            #expect(indexes == [0, 1, 2, 3, 4])
        }
    }

    @Test func aClientStreamReachesTheHandlerInOrder() async throws {
        try await withEchoDoor { client in
            let texts = (0..<200).map { "m\($0)" }
            let response = try await client.clientStreaming(
                request: StreamingClientRequest(of: Tibs_Testing_V1_EchoRequest.self, metadata: bearer(.analyst)) { writer in
                    for text in texts { try await writer.write(.with { $0.text = text }) }
                },
                descriptor: grpcMethod(EchoService.collect),
                serializer: ProtobufSerializer<Tibs_Testing_V1_EchoRequest>(),
                deserializer: ProtobufDeserializer<Tibs_Testing_V1_EchoResponse>(),
                options: .patient
            ) { try $0.message }
            #expect(response.index == 200)
            #expect(response.text == texts.joined(separator: ","))
        }
    }

    @Test func aCallPastItsDeadlineEndsDeadlineExceededAndItsHandlerIsCancelled() async throws {
        let probe = EchoProbe()
        try await withEchoDoor(probe: probe) { client in
            do {
                _ = try await client.call(EchoService.get, Tibs_Testing_V1_EchoRequest.with { $0.delayMs = 600_000 },
                                          metadata: bearer(.analyst), timeout: .milliseconds(200), as: Tibs_Testing_V1_EchoResponse.self)
                Issue.record("a call sleeping ten minutes answered within its 200 ms deadline")
            } catch let error as GRPCCore.RPCError {
                #expect(error.code == .deadlineExceeded)
            }
            // A handler that started saw the cancellation (it sleeps ten minutes otherwise). On a
            // loaded machine the call may reach the server after its deadline: then none started.
            try await waitFor("every started handler was cancelled") { probe.cancelledCount == probe.startedCount }
        }
    }

    @Test func withClientCertificatesRequiredOnlyACertifiedClientGetsIn() async throws {
        var router = EchoService.router()
        BuiltinServices.install(into: &router)
        let pki = TestPKI.shared
        try await withGRPCDoor(router: router, configure: { $0.tls = pki.serverTLSRequiringClientCertificate }) { port in
            let request = Tibs_Testing_V1_EchoRequest.with { $0.text = "m" }
            // Without a certificate the handshake fails: the call never reaches a handler.
            do {
                _ = try await withGRPCTestClient(port: port) { client in
                    try await client.call(EchoService.get, request, metadata: bearer(.analyst), timeout: .seconds(5),
                                          as: Tibs_Testing_V1_EchoResponse.self)
                }
                Issue.record("a client without a certificate was served")
            } catch let error as GRPCCore.RPCError {
                #expect([.unavailable, .deadlineExceeded].contains(error.code), "\(error)")
            }
            let transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: "127.0.0.1", port: port),
                transportSecurity: .mTLS(certificateChain: [.bytes(Array(pki.client.certificatePEM.utf8), format: .pem)],
                                         privateKey: .bytes(Array(pki.client.privateKeyPEM.utf8), format: .pem)) {
                    $0.trustRoots = .certificates([.bytes(Array(pki.ca.certificatePEM.utf8), format: .pem)])
                })
            let (response, _) = try await withGRPCClient(transport: transport) { client in
                try await client.call(EchoService.get, request, metadata: bearer(.analyst), as: Tibs_Testing_V1_EchoResponse.self)
            }
            #expect(response.text == "m")
        }
    }

    @Test func aUnaryCallWithTwoRequestMessagesIsInvalidArgumentAndRunsNoHandler() async throws {
        let probe = EchoProbe()
        try await withEchoDoor(probe: probe) { client in
            do {
                _ = try await client.bidirectionalStreaming(
                    request: StreamingClientRequest(of: Tibs_Testing_V1_EchoRequest.self, metadata: bearer(.analyst)) { writer in
                        try await writer.write(.with { $0.text = "one" })
                        try await writer.write(.with { $0.text = "two" })
                    },
                    descriptor: grpcMethod(EchoService.get),
                    serializer: ProtobufSerializer<Tibs_Testing_V1_EchoRequest>(),
                    deserializer: ProtobufDeserializer<Tibs_Testing_V1_EchoResponse>(),
                    options: .patient
                ) { response in
                    for try await _ in response.messages {}
                }
                Issue.record("a unary call with two request messages was answered")
            } catch let error as GRPCCore.RPCError {
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains("exactly one request message"))
            }
            #expect(probe.startedCount == 0)
        }
    }

    @Test func anUnknownMethodIsUnimplemented() async throws {
        try await withEchoDoor { client in
            let error = try await client.failure("/tibs.testing.v1.Echo/Nothing", Tibs_Testing_V1_EchoRequest(),
                                                 metadata: bearer(.admin), as: Tibs_Testing_V1_EchoResponse.self)
            #expect(error.code == .unimplemented)
        }
    }

    @Test func bytesThatAreNotTheRequestTypeAreInvalidArgument() async throws {
        try await withEchoDoor { client in
            // A length-delimited field 1 that claims more bytes than follow: not any message.
            let error = try await client.failure(EchoService.get, Google_Protobuf_BytesValue.with { $0.value = Data([0x0A, 0xFF, 0xFF]) },
                                                 metadata: bearer(.admin), as: Tibs_Testing_V1_EchoResponse.self)
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("tibs.testing.v1.EchoRequest"))
        }
    }
}
