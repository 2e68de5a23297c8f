import NIOPosix
import TIBSProto
import TIBSTestSupport

/// What every case sends: the same ~300-byte message, the same certificates, the same threads.
struct Workload: Sendable {
    /// Serialized size of the request (and of the echoed response).
    static let messageSize = 300

    let request: Tibs_Testing_V1_EchoRequest
    /// `request` serialized: the echo floor's frame body, so it moves the same bytes.
    let requestBytes: [UInt8]
    let pki: TestPKI
    /// A bearer token the TIBS server verifies on every call (the gRPC peer carries it unverified).
    let token: String

    init() throws {
        var request = Tibs_Testing_V1_EchoRequest()
        request.text = "tibs-rpc benchmark"
        // text: tag + length + bytes; padding: tag + 2-byte length (>127) + bytes.
        let paddingCount = Self.messageSize - (2 + request.text.utf8.count) - 3
        request.padding = .init(repeating: 0x5A, count: paddingCount)
        self.request = request
        self.requestBytes = try request.serializedBytes()
        precondition(requestBytes.count == Self.messageSize, "request is \(requestBytes.count) bytes, not \(Self.messageSize)")
        self.pki = TestPKI.shared
        self.token = pki.token(.admin)
    }

    var serverCertificatePEM: [UInt8] { Array(pki.server.certificatePEM.utf8) }
    var serverKeyPEM: [UInt8] { Array(pki.server.privateKeyPEM.utf8) }
    var caCertificatePEM: [UInt8] { Array(pki.ca.certificatePEM.utf8) }
}

/// One event-loop thread for the server and one for the client, fresh for each stack.
///
/// Separate loops stand in for separate processes: neither side's I/O queues behind the other's,
/// and the round-robin of a shared group cannot put one stack's two ends on one thread and the
/// next stack's on two. Handlers and client tasks run on Swift's global executor, as they would.
struct Loops: Sendable {
    let server: MultiThreadedEventLoopGroup
    let client: MultiThreadedEventLoopGroup
}

/// Runs `body` with fresh loops and shuts them down afterwards. Everything `body` builds must be
/// released by then: grpc-swift's server, for one, completes promises on its loops in `deinit`.
func withLoops<T: Sendable>(_ body: (Loops) async throws -> T) async throws -> T {
    let loops = Loops(server: MultiThreadedEventLoopGroup(numberOfThreads: 1),
                      client: MultiThreadedEventLoopGroup(numberOfThreads: 1))
    let result: Result<T, any Error>
    do { result = .success(try await body(loops)) } catch { result = .failure(error) }
    try? await loops.client.shutdownGracefully()
    try? await loops.server.shutdownGracefully()
    return try result.get()
}

/// The levels each stack is measured at, and for how long.
struct Plan: Sendable {
    let inFlight: [Int]
    let warmupSeconds: Double
    let seconds: Double
}
