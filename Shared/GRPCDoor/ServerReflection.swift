import Foundation
import GRPCCore
import GRPCProtobuf
import SwiftProtobuf
import TIBSProto
import TIBSRPC

/// What gRPC server reflection answers from: the proto files a router's methods use
/// (``DescriptorSelection/files(for:)``, with the .proto comments, the same selection
/// Reflection/Describe serves on TIBS-RPC, so a production service never shows `tibs.testing.v1`)
/// plus the reflection schema itself, and every symbol they declare.
struct ReflectionCatalogue: Sendable {
    static let reflectionFile = "grpc/reflection/v1/reflection.proto"
    static let reflectionService = "grpc.reflection.v1.ServerReflection"

    /// Serialized FileDescriptorProto by file name, and each file's direct imports.
    private var files: [String: Data] = [:]
    private var imports: [String: [String]] = [:]
    /// The file declaring each fully qualified service, method, message, field, enum and enum value.
    private var fileBySymbol: [String: String] = [:]
    /// Fully qualified names of the services served, sorted.
    let services: [String]

    init(router: TIBSRPC.RPCRouter) {
        var selected = DescriptorSelection.files(for: router)
        let own = DescriptorSelection.allFiles.filter { $0.name == Self.reflectionFile }
        selected += own.filter { file in !selected.contains { $0.name == file.name } }
        var services = Set(router.descriptors.map { DescriptorSelection.serviceName(ofPath: $0.path) })
        if !own.isEmpty { services.insert(Self.reflectionService) }
        self.services = services.sorted()
        for file in selected {
            // reason: serializing a message parsed from the embedded set cannot fail.
            files[file.name] = (try? file.serializedBytes()) ?? Data()
            imports[file.name] = file.dependency
            index(file)
        }
    }

    private mutating func index(_ file: Google_Protobuf_FileDescriptorProto) {
        let prefix = file.package.isEmpty ? "" : file.package + "."
        for service in file.service {
            fileBySymbol[prefix + service.name] = file.name
            for method in service.method { fileBySymbol[prefix + service.name + "." + method.name] = file.name }
        }
        var enums = file.enumType.map { (prefix + $0.name, $0) }
        var messages = file.messageType.map { (prefix + $0.name, $0) }
        while let (name, message) = messages.popLast() {
            fileBySymbol[name] = file.name
            for field in message.field { fileBySymbol[name + "." + field.name] = file.name }
            for oneof in message.oneofDecl { fileBySymbol[name + "." + oneof.name] = file.name }
            enums += message.enumType.map { (name + "." + $0.name, $0) }
            messages += message.nestedType.map { (name + "." + $0.name, $0) }
        }
        for (name, enumType) in enums {
            fileBySymbol[name] = file.name
            // Enum values are scoped like siblings of their enum, as protoc resolves them.
            let scope = name.split(separator: ".").dropLast().joined(separator: ".")
            for value in enumType.value { fileBySymbol[(scope.isEmpty ? "" : scope + ".") + value.name] = file.name }
        }
    }

    /// The answer to one request, echoing its host and the request itself.
    func answer(_ request: Grpc_Reflection_V1_ServerReflectionRequest) -> Grpc_Reflection_V1_ServerReflectionResponse {
        var response = Grpc_Reflection_V1_ServerReflectionResponse()
        response.validHost = request.host
        response.originalRequest = request
        switch request.messageRequest {
        case .fileByFilename(let name):
            response.messageResponse = files[name] == nil
                ? notFound("no file \(name)")
                : .fileDescriptorResponse(.with { $0.fileDescriptorProto = closure(of: name) })
        case .fileContainingSymbol(let symbol):
            let symbol = symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol
            response.messageResponse = fileBySymbol[symbol].map { file in
                .fileDescriptorResponse(.with { $0.fileDescriptorProto = closure(of: file) })
            } ?? notFound("no symbol \(symbol)")
        case .fileContainingExtension(let request):
            response.messageResponse = notFound("no extension \(request.extensionNumber) of \(request.containingType): TIBS declares no extensions")
        case .allExtensionNumbersOfType(let type):
            response.messageResponse = fileBySymbol[type] == nil
                ? notFound("no type \(type)")
                : .allExtensionNumbersResponse(.with { $0.baseTypeName = type })
        case .listServices:
            response.messageResponse = .listServicesResponse(.with {
                $0.service = services.map { name in .with { $0.name = name } }
            })
        case nil:
            response.messageResponse = .errorResponse(.with {
                $0.errorCode = Int32(Status.Code.invalidArgument.rawValue)
                $0.errorMessage = "the request asks for nothing (no message_request set)"
            })
        }
        return response
    }

    /// `name` first, then every file it imports, transitively, each once.
    private func closure(of name: String) -> [Data] {
        var order: [String] = []
        var seen: Set<String> = []
        var queue = [name]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            guard files[next] != nil, seen.insert(next).inserted else { continue }
            order.append(next)
            queue += imports[next] ?? []
        }
        return order.compactMap { files[$0] }
    }

    private func notFound(_ message: String) -> Grpc_Reflection_V1_ServerReflectionResponse.OneOf_MessageResponse {
        .errorResponse(.with {
            $0.errorCode = Int32(Status.Code.notFound.rawValue)
            $0.errorMessage = message
        })
    }
}

/// `grpc.reflection.v1.ServerReflection` and, for older tools (grpcio-reflection's Python client,
/// older grpcurl), `grpc.reflection.v1alpha.ServerReflection`: the two versions' messages are the
/// same on the wire, so one handler serves both. No token is needed: the schema is public (the
/// repository's proto/), and tools ask for it before they know how to send one.
struct ServerReflectionService: RegistrableRPCService {
    let catalogue: ReflectionCatalogue
    /// Requests answered per stream before the stream is ended (RESOURCE_EXHAUSTED): a bound on
    /// what one client can make the server do on one call.
    static let maxRequestsPerStream = 10_000

    func registerMethods<Transport: ServerTransport>(with router: inout GRPCCore.RPCRouter<Transport>) {
        for package in ["grpc.reflection.v1", "grpc.reflection.v1alpha"] {
            router.registerHandler(
                forMethod: GRPCCore.MethodDescriptor(fullyQualifiedService: package + ".ServerReflection", method: "ServerReflectionInfo"),
                deserializer: ProtobufDeserializer<Grpc_Reflection_V1_ServerReflectionRequest>(),
                serializer: ProtobufSerializer<Grpc_Reflection_V1_ServerReflectionResponse>()
            ) { [catalogue] request, _ in
                StreamingServerResponse(metadata: [:]) { writer in
                    var answered = 0
                    for try await message in request.messages {
                        answered += 1
                        guard answered <= Self.maxRequestsPerStream else {
                            throw GRPCCore.RPCError(code: .resourceExhausted,
                                                    message: "more than \(Self.maxRequestsPerStream) reflection requests on one stream")
                        }
                        try await writer.write(catalogue.answer(message))
                    }
                    return [:]
                }
            }
        }
    }
}
