import Logging
import NIOPosix
import TIBSGRPCDoor
import TIBSRPC
import TIBSTestSupport

/// The same echo router as `tibs-rpc`, served by a TIBS service's gRPC door (`GRPCDoor`:
/// grpc-swift-2 underneath, every call through the router's handler and the token check); it is
/// driven by the same grpc-swift-2 client as `grpc-swift-2`: what a gRPC integrator gets.
func withGRPCDoorServer<T: Sendable>(_ credentials: Credentials, group: MultiThreadedEventLoopGroup,
                                     _ body: (Int) async throws -> T) async throws -> T {
    var router = EchoService.router()
    BuiltinServices.install(into: &router)
    var configuration = GRPCDoorConfiguration(host: "127.0.0.1", port: 0, tls: credentials.serverTLS)
    configuration.eventLoopGroup = group
    var logger = Logger(label: "tibs.benchmark.grpc-door")
    logger.logLevel = .critical
    let door = try GRPCDoor(configuration: configuration, router: router,
                        authenticator: TokenAuthenticator(verifier: credentials.verifier), logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await door.run() }
        let result = try await body(try await door.localPort())
        tasks.cancelAll()
        return result
    }
}
