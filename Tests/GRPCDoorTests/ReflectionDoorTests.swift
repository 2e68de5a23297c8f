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

/// gRPC server reflection (v1 and v1alpha) on a production router: what grpcurl, Postman and
/// grpcio-reflection ask, answered from the service's own descriptor selection.
@Suite struct ReflectionDoorTests {
    typealias Request = Grpc_Reflection_V1_ServerReflectionRequest
    typealias Response = Grpc_Reflection_V1_ServerReflectionResponse

    /// One reflection stream on `version`, one response per request, with no token.
    private func reflect(_ requests: [Request], version: String = "v1") async throws -> [Response] {
        try await withService(RegistryService.definition(), grpc: true) { registry in
            let port = try #require(registry.grpcPort)
            return try await withGRPCTestClient(port: port) { client in
                try await client.bidirectionalStreaming(
                    request: StreamingClientRequest(of: Request.self) { writer in try await writer.write(contentsOf: requests) },
                    descriptor: MethodDescriptor(fullyQualifiedService: "grpc.reflection.\(version).ServerReflection", method: "ServerReflectionInfo"),
                    serializer: ProtobufSerializer<Request>(), deserializer: ProtobufDeserializer<Response>(), options: .patient
                ) { response in
                    var answers: [Response] = []
                    for try await message in response.messages { answers.append(message) }
                    return answers
                }
            }
        }
    }

    private func files(_ response: Response) throws -> [Google_Protobuf_FileDescriptorProto] {
        try response.fileDescriptorResponse.fileDescriptorProto.map { try Google_Protobuf_FileDescriptorProto(serializedBytes: $0) }
    }

    @Test(arguments: ["v1", "v1alpha"])
    func listServicesNamesTheServiceItsBuiltInsAndReflectionButNoTestSchema(version: String) async throws {
        let answers = try await reflect([.with { $0.host = "h"; $0.listServices = "" }], version: version)
        let names = try #require(answers.first).listServicesResponse.service.map(\.name)
        #expect(names.contains("tibs.registry.v1.SmeRegistry"))
        #expect(names.contains("tibs.health.v1.Health"))
        #expect(names.contains("tibs.codes.v1.CodeLists"))
        #expect(names.contains("grpc.reflection.v1.ServerReflection"))
        #expect(!names.contains { $0.hasPrefix("tibs.testing") })
        #expect(answers.first?.validHost == "h")
    }

    @Test func aSymbolsFileComesWithItsImportsAndItsComments() async throws {
        let answers = try await reflect([
            .with { $0.fileContainingSymbol = "tibs.registry.v1.SmeRegistry" },
            .with { $0.fileContainingSymbol = "tibs.registry.v1.SmeRegistry.CreateSme" },
            .with { $0.fileContainingSymbol = "tibs.registry.v1.CreateSmeRequest" },
        ])
        #expect(answers.count == 3)
        let served = try files(answers[0])
        let registry = try #require(served.first)
        #expect(registry.name == "tibs/registry/v1/registry.proto")
        // Every import is in the answer, so a client can build the descriptors from it alone.
        let names = Set(served.map(\.name))
        #expect(registry.dependency.allSatisfy(names.contains))
        #expect(names.contains("google/protobuf/timestamp.proto") == registry.dependency.contains("google/protobuf/timestamp.proto"))
        // Source info: the .proto comments travel with the schema.
        #expect(registry.sourceCodeInfo.location.contains { !$0.leadingComments.isEmpty })
        #expect(try files(answers[1]).first?.name == registry.name)
        #expect(try files(answers[2]).first?.name == registry.name)
    }

    @Test func unknownNamesAreNotFoundAndTheStreamGoesOn() async throws {
        let answers = try await reflect([
            .with { $0.fileContainingSymbol = "tibs.testing.v1.Echo" },
            .with { $0.fileByFilename = "tibs/testing/v1/echo.proto" },
            .with { $0.fileContainingExtension = .with { $0.containingType = "tibs.registry.v1.Sme"; $0.extensionNumber = 100 } },
            .with { $0.fileByFilename = "tibs/registry/v1/registry.proto" },
            .with { $0.allExtensionNumbersOfType = "tibs.registry.v1.Sme" },
        ])
        #expect(answers.prefix(3).map(\.errorResponse.errorCode) == [5, 5, 5])
        #expect(try files(answers[3]).first?.name == "tibs/registry/v1/registry.proto")
        #expect(answers[4].allExtensionNumbersResponse.baseTypeName == "tibs.registry.v1.Sme")
        #expect(answers[4].allExtensionNumbersResponse.extensionNumber.isEmpty)
    }
}
