import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import SwiftProtobuf
import Testing
import TIBSProto
import TIBSRegistry
import TIBSRPC
import TIBSTestSupport

/// The registry as ServiceRunner assembles it, over gRPC and TIBS-RPC at once: one store, one
/// set of rules, the same answers on both doors.
@Suite struct RegistryDoorTests {
    static func sme(_ registration: String = "LV40003245652") -> Tibs_Registry_V1_SmeFields {
        .with {
            $0.legalName = "Gauja Data SIA"
            $0.region = .with { $0.country = "LV"; $0.nutsCode = "LV008" }
            $0.registrationID = registration
            $0.headcount = 24
            $0.annualTurnoverEur = 3_100_000
            $0.balanceSheetTotalEur = 1_800_000
            $0.naceCodes = [.with { $0.code = "62.01"; $0.version = "2" }]
            $0.description_p = "Data platforms for municipal utilities"
        }
    }

    @Test func anSMECreatedOverGRPCIsListedOnBothProtocols() async throws {
        try await withService(RegistryService.definition(), grpc: true) { registry in
            let port = try #require(registry.grpcPort)
            let broker = bearer(.broker, regions: ["LV008"])
            let created = try await withGRPCTestClient(port: port) { client in
                let (sme, _) = try await client.call(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Self.sme() },
                                                     metadata: broker, as: Tibs_Registry_V1_Sme.self)
                let (listed, _) = try await client.call(RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest.with { $0.country = "LV" },
                                                        metadata: broker, as: Tibs_Registry_V1_ListSmesResponse.self)
                #expect(listed.smes.map(\.id) == [sme.id])
                #expect(listed.page.totalSize == 1)
                return sme
            }
            #expect(created.version == 1)
            let native = try registry.client(.analyst)
            let read: Tibs_Registry_V1_Sme = try await native.unary(RegistryMethods.getSme, Tibs_Registry_V1_GetSmeRequest.with { $0.id = created.id })
            #expect(read.id == created.id)
            await native.close()
        }
    }

    @Test func fieldViolationsArriveAsBadRequestDetailsEqualToTIBSRPCs() async throws {
        try await withService(RegistryService.definition(), grpc: true) { registry in
            let port = try #require(registry.grpcPort)
            let request = Tibs_Registry_V1_CreateSmeRequest.with {
                $0.fields = Self.sme()
                $0.fields.legalName = "  "
                $0.fields.headcount = 0
                $0.fields.naceCodes = [.with { $0.code = "99.99"; $0.version = "2" }]
            }
            let native = try registry.client(.admin)
            var expected: TIBSRPC.RPCError?
            do {
                let _: Tibs_Registry_V1_Sme = try await native.unary(RegistryMethods.createSme, request)
            } catch let error as TIBSRPC.RPCError {
                expected = error
            }
            await native.close()
            let tibs = try #require(expected)

            let error = try await withGRPCTestClient(port: port) { client in
                try await client.failure(RegistryMethods.createSme, request, metadata: bearer(.admin), as: Tibs_Registry_V1_Sme.self)
            }
            #expect(error.code == .invalidArgument)
            #expect(error.message == tibs.detail)
            let status = try #require(try error.unpackGoogleRPCStatus())
            #expect(status.code == .invalidArgument)
            let badRequest = try #require(status.details.compactMap(\.badRequest).first)
            #expect(badRequest.violations.map(\.field) == tibs.violations.map(\.field))
            #expect(badRequest.violations.map(\.violationDescription) == tibs.violations.map(\.description))
            #expect(badRequest.violations.map(\.field).contains("fields.headcount"))
            let requestInfo = try #require(status.details.compactMap(\.requestInfo).first)
            #expect(Array(error.metadata[stringValues: "x-request-id"]) == [requestInfo.requestID])

            // Nothing was stored.
            let (listed, _) = try await withGRPCTestClient(port: port) { client in
                try await client.call(RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest(), metadata: bearer(.admin),
                                      as: Tibs_Registry_V1_ListSmesResponse.self)
            }
            #expect(listed.smes.isEmpty)
        }
    }

    @Test func anUnknownEnumValueIsRefusedNotReadAsNoFilter() async throws {
        try await withService(RegistryService.definition(), grpc: true) { registry in
            let port = try #require(registry.grpcPort)
            let error = try await withGRPCTestClient(port: port) { client in
                try await client.failure(RegistryMethods.listSmes, Tibs_Registry_V1_ListSmesRequest.with { $0.sizeClass = .UNRECOGNIZED(99) },
                                         metadata: bearer(.admin), as: Tibs_Registry_V1_ListSmesResponse.self)
            }
            #expect(error.code == .invalidArgument)
            let status = try #require(try error.unpackGoogleRPCStatus())
            #expect(status.details.compactMap(\.badRequest).first?.violations.map(\.field) == ["size_class"])
        }
    }

    @Test func watchChangesStreamsTheFeedOverGRPC() async throws {
        try await withService(RegistryService.definition(), grpc: true) { registry in
            let port = try #require(registry.grpcPort)
            try await withGRPCTestClient(port: port) { client in
                for registration in ["LV40003245652", "LV40003245653", "LV40003245654"] {
                    _ = try await client.call(RegistryMethods.createSme, Tibs_Registry_V1_CreateSmeRequest.with { $0.fields = Self.sme(registration) },
                                              metadata: bearer(.admin), as: Tibs_Registry_V1_Sme.self)
                }
                let events = try await client.serverStreaming(
                    request: ClientRequest(message: Tibs_Common_V1_WatchChangesRequest(), metadata: bearer(.service)),
                    descriptor: grpcMethod(RegistryMethods.watchChanges),
                    serializer: ProtobufSerializer<Tibs_Common_V1_WatchChangesRequest>(),
                    deserializer: ProtobufDeserializer<Tibs_Common_V1_ChangeEvent>(),
                    options: .patient
                ) { response in
                    // The stream never ends by itself: take the three creations and leave.
                    var events: [Tibs_Common_V1_ChangeEvent] = []
                    for try await event in response.messages {
                        events.append(event)
                        if events.count == 3 { break }
                    }
                    return events
                }
                #expect(events.map(\.sequence) == [1, 2, 3])
                #expect(events.allSatisfy { $0.kind == .created })
            }
        }
    }
}
