import GRPCCore
import GRPCNIOTransportHTTP2
import GRPCProtobuf
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

/// grpc-swift-2 over HTTP/2 + TLS (NIO Posix transports) with the same certificates: one client,
/// one connection (the default pick-first policy to a single address), default configuration.
/// The bearer token travels as metadata so both stacks carry the same headers; it is not verified.
func runGRPC(_ workload: Workload, _ plan: Plan) async throws -> [LoadResult] {
    try await withLoops { loops in try await measureGRPC(workload, plan, loops) }
}

private func measureGRPC(_ workload: Workload, _ plan: Plan, _ loops: Loops) async throws -> [LoadResult] {
    let server = GRPCServer(
        transport: .http2NIOPosix(
            address: .ipv4(host: "127.0.0.1", port: 0),
            transportSecurity: .tls(
                certificateChain: [.bytes(workload.serverCertificatePEM, format: .pem)],
                privateKey: .bytes(workload.serverKeyPEM, format: .pem)),
            eventLoopGroup: loops.server),
        services: [GRPCEchoService()])

    return try await withThrowingTaskGroup(of: [LoadResult].self) { group in
        group.addTask { try await server.serve(); return [] }
        guard let port = try await server.listeningAddress?.ipv4?.port else {
            throw RPCError(code: .internalError, message: "gRPC server has no IPv4 listening address")
        }
        let results = try await driveGRPCClient("grpc-swift-2", port: port, workload, plan, loops)
        server.beginGracefulShutdown()
        try await group.waitForAll()
        return results
    }
}

/// grpc-swift-2's client (one connection, default configuration) driving `Echo/Get` on `port`,
/// whichever gRPC server listens there: grpc-swift-2's own, or a TIBS service's gRPC door.
func driveGRPCClient(_ label: String, port: Int, _ workload: Workload, _ plan: Plan, _ loops: Loops) async throws -> [LoadResult] {
    try await withThrowingTaskGroup(of: Void.self) { group in
        let client = GRPCClient(transport: try .http2NIOPosix(
            target: .ipv4(address: "127.0.0.1", port: port),
            transportSecurity: .tls { $0.trustRoots = .certificates([.bytes(workload.caCertificatePEM, format: .pem)]) },
            eventLoopGroup: loops.client))
        group.addTask { try await client.runConnections() }

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

        let results = try await driveLevels(label, plan) { _ = try await call() }
        log("  \(label): shutting down")
        client.beginGracefulShutdown()
        try await group.waitForAll()
        return results
    }
}
