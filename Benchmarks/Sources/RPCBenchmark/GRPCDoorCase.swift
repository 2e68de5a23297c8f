import Logging
import TIBSGRPCDoor
import TIBSRPC
import TIBSTestSupport

/// The same echo router as `tibs-rpc`, served by a TIBS service's gRPC door (`GRPCDoor`: grpc-swift-2
/// underneath, every call through the router's handler and the token check), driven by the same
/// grpc-swift-2 client as `grpc-swift-2`: what a gRPC integrator gets beside the native protocol.
func runGRPCDoor(_ workload: Workload, _ plan: Plan) async throws -> [LoadResult] {
    try await withLoops { loops in
        var router = EchoService.router()
        BuiltinServices.install(into: &router)
        var configuration = GRPCDoorConfiguration(host: "127.0.0.1", port: 0, tls: workload.pki.serverTLS)
        configuration.eventLoopGroup = loops.server
        var logger = Logger(label: "tibs.benchmark.grpc-door")
        logger.logLevel = .critical
        let door = GRPCDoor(configuration: configuration, router: router,
                            authenticator: TokenAuthenticator(verifier: workload.pki.verifier), logger: logger)
        return try await withThrowingTaskGroup(of: [LoadResult].self) { group in
            group.addTask { try await door.run(); return [] }
            let results = try await driveGRPCClient("tibs-grpc-door", port: try await door.localPort(), workload, plan, loops)
            group.cancelAll()
            return results
        }
    }
}
