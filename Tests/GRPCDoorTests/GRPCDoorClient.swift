import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import SwiftProtobuf
import TIBSIdentity
import TIBSTestSupport

/// grpc-swift-2's own client against a door on `port`, trusting the test CA: a client nobody
/// here wrote, speaking plain gRPC over HTTP/2 and TLS.
func withGRPCTestClient<T: Sendable>(port: Int, _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> T) async throws -> T {
    let ca = Array(TestPKI.shared.ca.certificatePEM.utf8)
    let transport = try HTTP2ClientTransport.Posix(
        target: .ipv4(address: "127.0.0.1", port: port),
        transportSecurity: .tls { $0.trustRoots = .certificates([.bytes(ca, format: .pem)]) })
    return try await withGRPCClient(transport: transport) { client in try await body(client) }
}

/// The bearer-token metadata of a test token with `role`.
func bearer(_ role: Role, regions: Set<String> = []) -> Metadata {
    ["authorization": .string("Bearer \(TestPKI.shared.token(role, regions: regions, subject: "\(role.rawValue)-grpc"))")]
}

/// The method of a "/package.Service/Method" path.
func grpcMethod(_ path: String) -> MethodDescriptor {
    let parts = path.split(separator: "/")
    return MethodDescriptor(fullyQualifiedService: String(parts[0]), method: String(parts[1]))
}

extension CallOptions {
    /// The tests' call options: wait for the connection (grpc-swift gives a connect 10 s, which a
    /// loaded machine can overrun; the call then waits for the retry) until a deadline that only
    /// ends a hung test.
    static var patient: CallOptions {
        var options = CallOptions.defaults
        options.waitForReady = true
        options.timeout = HangBound.scaled(.seconds(120))
        return options
    }
}

extension GRPCClient {
    /// One unary call with SwiftProtobuf messages; the response with its trailers, or the RPCError.
    /// The call waits for its connection (a connect or handshake on a loaded machine may fail
    /// and be retried) until its deadline, by default one that only ends a hung test;
    /// `waitForReady: false` fails it as soon as its connection fails (a call meant to be refused
    /// at the handshake).
    func call<Request: Message & Sendable, Response: Message & Sendable>(
        _ path: String, _ request: Request, metadata: Metadata = [:], timeout: Duration? = nil,
        waitForReady: Bool = true, as: Response.Type = Response.self
    ) async throws -> (Response, Metadata) {
        var options = CallOptions.patient
        if let timeout { options.timeout = timeout }
        options.waitForReady = waitForReady
        return try await unary(
            request: ClientRequest(message: request, metadata: metadata), descriptor: grpcMethod(path),
            serializer: ProtobufSerializer<Request>(), deserializer: ProtobufDeserializer<Response>(),
            options: options
        ) { response in (try response.message, response.trailingMetadata) }
    }

    /// The RPCError a unary call ends with; fails the test's expectation by throwing if it succeeds.
    func failure<Request: Message & Sendable, Response: Message & Sendable>(
        _ path: String, _ request: Request, metadata: Metadata = [:], as: Response.Type
    ) async throws -> RPCError {
        do {
            _ = try await call(path, request, metadata: metadata, as: Response.self)
        } catch let error as RPCError {
            return error
        }
        throw RPCError(code: .unknown, message: "\(path) succeeded where it should have failed")
    }
}
