import Logging
import NIOPosix
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// TIBS-RPC as services run it: `RPCServer` with the echo router and the built-in services, token
/// verification on every call (`TokenAuthenticator`), on the event loops of `group`.
func withTIBSServer<T: Sendable>(_ credentials: Credentials, group: MultiThreadedEventLoopGroup,
                                 _ body: (Int) async throws -> T) async throws -> T {
    var router = EchoService.router()
    BuiltinServices.install(into: &router)
    var logger = Logger(label: "tibs.benchmark")
    logger.logLevel = .critical
    let server = RPCServer(
        configuration: ServerConfiguration(host: "127.0.0.1", port: 0, tls: credentials.serverTLS),
        router: router, authenticator: TokenAuthenticator(verifier: credentials.verifier), group: group, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await server.run() }
        let result = try await body(try await server.localPort())
        server.beginGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}

/// One `RPCClient`, hence one TLS connection, whose calls all carry the bearer token.
func driveTIBS(port: Int, _ workload: Workload, _ plan: Plan, group: MultiThreadedEventLoopGroup,
               meter: CPUMeter) async throws -> [LoadResult] {
    var configuration = ClientConfiguration(host: "127.0.0.1", port: port, tls: workload.credentials.clientTLS)
    configuration.bearerToken(workload.token)
    let client = try RPCClient(configuration: configuration, group: group)
    let request = workload.request
    // One checked call first: a benchmark of failing calls would measure nothing.
    let echoed: Tibs_Testing_V1_EchoResponse = try await client.unary(EchoService.get, request)
    precondition(echoed.padding == request.padding, "TIBS-RPC echo came back different")
    let results = try await driveLevels("tibs-rpc", plan, meter: meter) {
        let _: Tibs_Testing_V1_EchoResponse = try await client.unary(EchoService.get, request)
    }
    await client.close()
    return results
}
