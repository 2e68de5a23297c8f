import Logging
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// TIBS-RPC as services run it: `RPCServer` with the echo router and the built-in services, token
/// verification on every call (`TokenAuthenticator`, as the tests set it up), and one `RPCClient`,
/// hence one TLS connection, whose calls all carry the bearer token.
func runTIBS(_ workload: Workload, _ plan: Plan) async throws -> [LoadResult] {
    try await withLoops { loops in try await measureTIBS(workload, plan, loops) }
}

private func measureTIBS(_ workload: Workload, _ plan: Plan, _ loops: Loops) async throws -> [LoadResult] {
    var router = EchoService.router()
    BuiltinServices.install(into: &router)
    var logger = Logger(label: "tibs.benchmark")
    logger.logLevel = .critical
    let server = RPCServer(
        configuration: ServerConfiguration(host: "127.0.0.1", port: 0, tls: workload.pki.serverTLS),
        router: router, authenticator: TokenAuthenticator(verifier: workload.pki.verifier),
        group: loops.server, logger: logger)

    let results = try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        var clientConfiguration = ClientConfiguration(host: "127.0.0.1", port: try await server.localPort(), tls: workload.pki.clientTLS)
        clientConfiguration.bearerToken(workload.token)
        let client = try RPCClient(configuration: clientConfiguration, group: loops.client)
        let request = workload.request

        // One checked call first: a benchmark of failing calls would measure nothing.
        let echoed: Tibs_Testing_V1_EchoResponse = try await client.unary(EchoService.get, request)
        precondition(echoed.padding == request.padding, "TIBS-RPC echo came back different")

        let results = try await driveLevels("tibs-rpc", plan) {
            let _: Tibs_Testing_V1_EchoResponse = try await client.unary(EchoService.get, request)
        }
        log("  tibs-rpc: shutting down")
        await client.close()
        server.beginGracefulShutdown()
        try await group.waitForAll()
        return results
    }
    return results
}
