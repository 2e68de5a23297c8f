import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
import NIOPosix
import TIBSProto

/// The same echo method for grpc-swift-2, written by hand instead of generated: one unary
/// handler on `tibs.testing.v1.Echo/Get` that answers with the request's text and padding.
struct GRPCEchoService: RegistrableRPCService {
    static let get = MethodDescriptor(fullyQualifiedService: "tibs.testing.v1.Echo", method: "Get")

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Self.get,
            deserializer: ProtobufDeserializer<Tibs_Testing_V1_EchoRequest>(),
            serializer: ProtobufSerializer<Tibs_Testing_V1_EchoResponse>()
        ) { streamingRequest, _ in
            let request = try await ServerRequest(stream: streamingRequest)
            let response = Tibs_Testing_V1_EchoResponse.with {
                $0.text = request.message.text
                $0.padding = request.message.padding
            }
            return StreamingServerResponse(single: ServerResponse(message: response))
        }
    }
}

/// grpc-swift-2 over HTTP/2 + TLS (NIO Posix transports) with the same certificates and default
/// configuration, on the event loops of `group`.
func withGRPCSwiftServer<T: Sendable>(_ credentials: Credentials, group: MultiThreadedEventLoopGroup,
                                      _ body: (Int) async throws -> T) async throws -> T {
    let server = GRPCServer(
        transport: .http2NIOPosix(
            address: .ipv4(host: "127.0.0.1", port: 0),
            transportSecurity: .tls(
                certificateChain: [.bytes(credentials.serverCertificateBytes, format: .pem)],
                privateKey: .bytes(credentials.serverKeyBytes, format: .pem)),
            eventLoopGroup: group),
        services: [GRPCEchoService()])
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await server.serve() }
        guard let port = try await server.listeningAddress?.ipv4?.port else {
            throw RPCError(code: .internalError, message: "gRPC server has no IPv4 listening address")
        }
        let result = try await body(port)
        server.beginGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}

/// grpc-swift-2's client (one connection, default configuration) driving `Echo/Get` on `port`,
/// whichever gRPC server listens there: grpc-swift-2's own, or a TIBS service's gRPC door.
func driveGRPCClient(_ label: String, port: Int, _ workload: Workload, _ plan: Plan, group: MultiThreadedEventLoopGroup,
                     meter: CPUMeter) async throws -> [LoadResult] {
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        let client = GRPCClient(transport: try .http2NIOPosix(
            target: .ipv4(address: "127.0.0.1", port: port),
            transportSecurity: .tls { $0.trustRoots = .certificates([.bytes(workload.credentials.caCertificateBytes, format: .pem)]) },
            eventLoopGroup: group))
        tasks.addTask { try await client.runConnections() }

        let request = ClientRequest(message: workload.request, metadata: ["authorization": "Bearer \(workload.token)"])
        let call: @Sendable () async throws -> Tibs_Testing_V1_EchoResponse = {
            try await client.unary(
                request: request, descriptor: GRPCEchoService.get,
                serializer: ProtobufSerializer<Tibs_Testing_V1_EchoRequest>(),
                deserializer: ProtobufDeserializer<Tibs_Testing_V1_EchoResponse>(),
                options: .defaults
            ) { try $0.message }
        }
        let echoed = try await call()
        precondition(echoed.padding == workload.request.padding, "\(label) echo came back different")

        let results = try await driveLevels(label, plan, meter: meter) { _ = try await call() }
        log("  \(label): shutting down")
        client.beginGracefulShutdown()
        try await tasks.waitForAll()
        return results
    }
}
