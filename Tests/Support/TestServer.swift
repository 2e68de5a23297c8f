import Foundation
import Logging
import NIOCore
import NIOPosix
import TIBSIdentity
import TIBSGRPCDoor
import TIBSRPC

/// Runs an `RPCServer` on an ephemeral loopback port for the duration of `body`, then shuts it
/// down gracefully and waits for it to finish. Health and Reflection are added unless
/// `installBuiltins` is false (a service's router from `ServiceRunner.router` has them already).
public func withTestServer<T: Sendable>(
    router: RPCRouter,
    installBuiltins: Bool = true,
    tls: ServerTLS? = TestPKI.shared.serverTLS,
    authenticator: (any CallAuthenticator)? = TokenAuthenticator(verifier: TestPKI.shared.verifier),
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: (RPCServer, Int) async throws -> T
) async throws -> T {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, tls: tls)
    // As the test client's: a handshake is not timed out because the test machine is busy.
    configuration.handshakeTimeout = HangBound.scaled(.seconds(60))
    configure(&configuration)
    var router = router
    if installBuiltins { BuiltinServices.install(into: &router) }
    var logger = Logger(label: "tibs.test.server")
    logger.logLevel = ProcessInfo.processInfo.environment["TIBS_TEST_LOG"] == nil ? .critical : .debug
    let server = RPCServer(configuration: configuration, router: router, authenticator: authenticator, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        let port = try await server.localPort()
        do {
            let result = try await body(server, port)
            server.beginGracefulShutdown()
            try await group.waitForAll()
            return result
        } catch {
            server.beginGracefulShutdown()
            group.cancelAll()
            throw error
        }
    }
}

/// A client for a test server, trusting the test CA and carrying a token of `role` unless told otherwise.
public func makeTestClient(port: Int, token: String? = TestPKI.shared.token(.admin), tls: ClientTLS? = TestPKI.shared.clientTLS,
                           host: String = "127.0.0.1", configure: (inout ClientConfiguration) -> Void = { _ in }) throws -> RPCClient {
    var configuration = ClientConfiguration(host: host, port: port, tls: tls)
    configuration.backoff.maxAttempts = 2
    // Tests run hundreds of handshakes at once on two loaded cores: no timing default may fail
    // them. Tests of the timeouts themselves set their own.
    configuration.connectTimeout = HangBound.scaled(.seconds(60))
    configuration.handshakeTimeout = HangBound.scaled(.seconds(60))
    if let token { configuration.bearerToken(token) }
    configure(&configuration)
    return try RPCClient(configuration: configuration)
}

/// Serves `router` through a gRPC door (``GRPCDoor``) on an ephemeral loopback port with the
/// test PKI's certificate and token check, for `body`, then shuts it down.
public func withGRPCDoor<T: Sendable>(
    router: RPCRouter,
    authenticator: (any CallAuthenticator)? = TokenAuthenticator(verifier: TestPKI.shared.verifier),
    configure: (inout GRPCDoorConfiguration) -> Void = { _ in },
    _ body: (Int) async throws -> T
) async throws -> T {
    var configuration = GRPCDoorConfiguration(host: "127.0.0.1", port: 0, tls: TestPKI.shared.serverTLS)
    configure(&configuration)
    let door = try GRPCDoor(configuration: configuration, router: router, authenticator: authenticator,
                        logger: testLogger("tibs.test.grpc"))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await door.run() }
        do {
            let result = try await body(try await door.localPort())
            group.cancelAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}
