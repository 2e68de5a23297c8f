import Atomics
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import SwiftProtobuf
import NIOConcurrencyHelpers
import TIBSProto

/// Where and how a client connects.
public struct ClientConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// `nil` only in tests that ask for plaintext explicitly.
    public var tls: ClientTLS?
    public var connectTimeout: TimeAmount = .seconds(5)
    /// How long the TLS handshake may take once connected: as long as the server's own
    /// handshake timeout (10 s), so a loaded server is given the time it gives itself.
    public var handshakeTimeout: TimeAmount = .seconds(10)
    public var maxFrameLength = defaultMaxFrameLength
    public var backoff = Backoff()
    /// Calls open at once; more wait for a slot. Keep at or below the server's limit (default 128).
    public var maxConcurrentCalls = 128
    /// Sent with every call (typically `authorization`); per-call metadata wins on conflicts.
    public var metadata: [String: String] = [:]

    public init(host: String, port: Int, tls: ClientTLS?) {
        self.host = host
        self.port = port
        self.tls = tls
    }

    /// Sets `authorization: Bearer <token>` on every call.
    public mutating func bearerToken(_ token: String) { metadata["authorization"] = "Bearer \(token)" }
}

/// The result of a call: the response and the server's trailers (`x-request-id` among them).
public struct CallResult<Response: Sendable>: Sendable {
    public let response: Response
    public let trailers: [String: String]

    @usableFromInline
    init(response: Response, trailers: [String: String]) {
        self.response = response
        self.trailers = trailers
    }
}

/// A TIBS-RPC client: typed calls multiplexed over one TLS connection, reconnecting with backoff.
///
/// Cancelling the calling task cancels the call on the server. A call's `timeout` becomes the
/// server deadline and is enforced locally too. Calls that fail because the connection broke
/// are not retried (they may have taken effect); the next call reconnects.
public final class RPCClient: Sendable {
    public let configuration: ClientConfiguration
    private let group: any EventLoopGroup
    private let sslContext: NIOSSLContext?
    private let nextCallID = ManagedAtomic<UInt32>(0)
    private let state = NIOLockedValueBox(ClientStateMachine<ClientConnection, Waiter>())
    private let slots: CallSlots
    /// The Open frames of calls without metadata of their own, with the configuration's encoded once.
    private let openEncoder: OpenFrameEncoder

    /// A call waiting for another call's dial: resumed with the connection, or `nil` to look again.
    private typealias Waiter = CheckedContinuation<ClientConnection?, any Error>

    public init(configuration: ClientConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.configuration = configuration
        self.group = group
        self.sslContext = try configuration.tls?.makeContext()
        self.slots = CallSlots(limit: configuration.maxConcurrentCalls)
        self.openEncoder = OpenFrameEncoder(metadata: configuration.metadata)
    }

    /// Closes the connection; calls in flight fail with UNAVAILABLE, later calls too. Calls
    /// waiting for a dial in progress fail now; the connection that dial makes is closed at once.
    public func close() async {
        switch state.withLockedValue({ $0.close() }) {
        case .closeConnection(let connection):
            try? await connection.channel.close()
        case .failWaiters(let waiters):
            for waiter in waiters { waiter.resume(throwing: Self.closedError) }
        case .none:
            break
        }
    }

    private static let closedError = RPCError(.unavailable, "client is closed")

    /// The connection calls go to now, if one is up (tests wait for it to close).
    var currentConnection: ClientConnection? { state.withLockedValue { $0.current } }

    /// Calls waiting for a dial in progress (tests wait for them to queue).
    var dialWaiterCount: Int { state.withLockedValue { $0.waiterCount } }

    // MARK: typed calls
    // The typed unary calls are inlinable so that they are specialised for the caller's message
    // types: unspecialised, every call looked up generic metadata at run time.

    @inlinable
    public func unary<Request: Message & Sendable, Response: Message & Sendable>(
        _ method: String, _ request: Request, metadata: [String: String] = [:], timeout: Duration? = nil
    ) async throws -> Response {
        try await unaryWithTrailers(method, request, metadata: metadata, timeout: timeout).response
    }

    @inlinable
    public func unaryWithTrailers<Request: Message & Sendable, Response: Message & Sendable>(
        _ method: String, _ request: Request, metadata: [String: String] = [:], timeout: Duration? = nil
    ) async throws -> CallResult<Response> {
        let raw = try await unaryRaw(method, request.serializedBytes(), metadata: metadata, timeout: timeout)
        return CallResult(response: try decodeResponse(raw.response), trailers: raw.trailers)
    }

    /// Server streaming: `body` consumes the responses; the call ends when `body` returns.
    public func serverStreaming<Request: Message & Sendable, Response: Message & Sendable, Result: Sendable>(
        _ method: String, _ request: Request, metadata: [String: String] = [:], timeout: Duration? = nil,
        _ body: (ResponseStream<Response>) async throws -> Result
    ) async throws -> Result {
        try await serverStreamingRaw(method, request.serializedBytes(), metadata: metadata, timeout: timeout) { raw in
            try await body(ResponseStream(raw: raw))
        }
    }

    /// Client streaming: sends every element of `requests`, then half-closes and awaits the response.
    public func clientStreaming<Request: Message & Sendable, Response: Message & Sendable, Requests: AsyncSequence & Sendable>(
        _ method: String, requests: Requests, metadata: [String: String] = [:], timeout: Duration? = nil
    ) async throws -> Response where Requests.Element == Request {
        let raw = try await clientStreamingRaw(method, requests: requests.map { try $0.serializedBytes() as Data },
                                               metadata: metadata, timeout: timeout)
        return try decodeResponse(raw.response)
    }

    // MARK: raw calls (serialized messages; used by generic clients such as `tibsctl call`)

    /// A unary call the server refused unprocessed while going away (GoAway raced the Open) is
    /// sent again on a fresh connection, up to three times.
    public func unaryRaw(_ method: String, _ request: Data, metadata: [String: String] = [:], timeout: Duration? = nil) async throws -> CallResult<Data> {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await withCall(method, first: request, halfClose: true, streamsResponses: false, metadata: metadata, timeout: timeout) { call in
                    let end = try await call.end()
                    return CallResult(response: end.payload, trailers: end.trailers)
                }
            } catch let error as RPCError where error.code == .unavailable && error.trailers[unprocessedTrailer] == "true" && attempt < 3 {
                continue
            }
        }
    }

    public func serverStreamingRaw<Result: Sendable>(
        _ method: String, _ request: Data, metadata: [String: String] = [:], timeout: Duration? = nil,
        _ body: (RawResponseStream) async throws -> Result
    ) async throws -> Result {
        try await withCall(method, first: request, halfClose: true, streamsResponses: true, metadata: metadata, timeout: timeout) { call in
            let result = try await body(RawResponseStream(stream: call.responses))
            // The body either read to the end (the Close was OK, or iteration would have thrown)
            // or stopped early: then the call is cancelled, as leaving a gRPC stream does.
            call.abandon(RPCError(.cancelled, "the client stopped reading the stream"))
            _ = try? await call.end()
            return result
        }
    }

    public func clientStreamingRaw<Requests: AsyncSequence & Sendable>(
        _ method: String, requests: Requests, metadata: [String: String] = [:], timeout: Duration? = nil
    ) async throws -> CallResult<Data> where Requests.Element == Data {
        try await withCall(method, first: nil, halfClose: false, streamsResponses: false, metadata: metadata, timeout: timeout) { call in
            sending: for try await message in requests {
                do {
                    try await call.send(message)
                } catch {
                    break sending  // the server ended the call early; its Close says why
                }
            }
            call.halfClose()
            let end = try await call.end()
            return CallResult(response: end.payload, trailers: end.trailers)
        }
    }

    // MARK: call plumbing

    private func withCall<T: Sendable>(
        _ method: String, first: Data?, halfClose: Bool, streamsResponses: Bool,
        metadata: [String: String], timeout: Duration?, _ body: (ActiveCall) async throws -> T
    ) async throws -> T {
        try await slots.acquire()
        defer { slots.release() }
        let timeoutMs = timeout.map { UInt64(max(1, $0.milliseconds)) } ?? 0
        let encode: (UInt32) throws -> ByteBuffer
        if metadata.isEmpty {
            encode = { [openEncoder] id in
                openEncoder.encode(callID: id, method: method, timeoutMs: timeoutMs, payload: first, halfClose: halfClose)
            }
        } else {
            var open = Tibs_Rpc_V1_Open()
            open.method = method
            open.metadata = configuration.metadata.merging(metadata) { _, call in call }
            if let first { open.payload = first }
            open.halfClose = halfClose
            open.timeoutMs = timeoutMs
            encode = { id in
                var frame = Tibs_Rpc_V1_Frame()
                frame.callID = id
                frame.open = open
                return try FrameCoding.encode(frame)
            }
        }
        let call = try await start(streamsResponses: streamsResponses, encode: encode)
        let connection = call.connection

        var deadlineTimer: Scheduled<Void>?
        if let timeout {
            deadlineTimer = connection.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
                call.abandon(RPCError(.deadlineExceeded, "deadline of \(timeout) exceeded"))
            }
        }
        defer { deadlineTimer?.cancel() }
        return try await withTaskCancellationHandler {
            do {
                return try await body(call)
            } catch {
                call.abandon(RPCError(.cancelled, "the client abandoned the call"))
                throw error
            }
        } onCancel: {
            call.abandon(RPCError(.cancelled, "the calling task was cancelled"))
        }
    }

    /// Writes the Open on the current connection without waiting for the event loop: the call's
    /// end promise and response stream are made here, and the Open is queued behind any earlier
    /// frame of this task, so request messages sent next follow it in order.
    private func start(streamsResponses: Bool, encode: (UInt32) throws -> ByteBuffer) async throws -> ActiveCall {
        let connection = try await connection()
        var callID = nextCallID.wrappingIncrementThenLoad(ordering: .relaxed)
        if callID == 0 { callID = nextCallID.wrappingIncrementThenLoad(ordering: .relaxed) }
        let id = callID
        let openFrame = try encode(id)
        let end = connection.eventLoop.makePromise(of: CallEnd.self)
        var stream: MessageStream?
        var source: MessageStream.Source?
        if streamsResponses {
            let handler = connection.handler
            let eventLoop = connection.eventLoop
            let made = MessageStream.make(highWatermark: ClientConnectionHandler.responseBufferHigh) { eventLoop.execute { handler.value.resume(id) } }
            stream = made.sequence
            source = made.source
        }
        let responses = source
        connection.onLoop { $0.start(id, openFrame: openFrame, responses: responses, end: end) }
        return ActiveCall(id: callID, connection: connection, endFuture: end.futureResult, responses: stream)
    }

    /// The current connection, dialling (with backoff between failed attempts) when there is none.
    private func connection() async throws -> ClientConnection {
        while true {
            let action = state.withLockedValue { $0.acquire { $0.channel.isActive && !$0.unusable.load(ordering: .relaxed) } }
            switch action {
            case .use(let connection):
                return connection
            case .fail:
                throw Self.closedError
            case .wait:
                let connection: ClientConnection? = try await withCheckedThrowingContinuation { (waiter: Waiter) in
                    switch state.withLockedValue({ $0.enqueue(waiter) }) {
                    case .enqueued: break
                    case .retry: waiter.resume(returning: nil)
                    case .fail: waiter.resume(throwing: Self.closedError)
                    }
                }
                if let connection { return connection }
            case .dial:
                let connection: ClientConnection
                do {
                    connection = try await dial()
                } catch {
                    for waiter in state.withLockedValue({ $0.dialFailed() }) { waiter.resume(throwing: error) }
                    throw error
                }
                switch state.withLockedValue({ $0.dialSucceeded(connection) }) {
                case .resume(let waiters):
                    for waiter in waiters { waiter.resume(returning: connection) }
                    return connection
                case .closeConnection:
                    try? await connection.channel.close()
                    throw Self.closedError
                }
            }
        }
    }

    private func dial() async throws -> ClientConnection {
        var lastError: (any Error)?
        for attempt in 0..<max(1, configuration.backoff.maxAttempts) {
            if attempt > 0 { try await Task.sleep(for: configuration.backoff.delay(attempt: attempt - 1)) }
            if state.withLockedValue({ $0.isClosed }) { throw Self.closedError }
            do {
                return try await ClientConnection.connect(
                    host: configuration.host, port: configuration.port, tls: sslContext,
                    serverName: configuration.tls?.serverName, maxFrameLength: configuration.maxFrameLength,
                    connectTimeout: configuration.connectTimeout, handshakeTimeout: configuration.handshakeTimeout, group: group)
            } catch let error as RPCError where error.detail.hasPrefix("TLS handshake") {
                throw error  // a trust failure does not heal by retrying
            } catch {
                lastError = error
            }
        }
        throw lastError ?? RPCError(.unavailable, "cannot connect to \(configuration.host):\(configuration.port)")
    }
}

@inlinable
func decodeResponse<Response: Message>(_ bytes: Data) throws -> Response {
    do {
        return try Response(serializedBytes: bytes)
    } catch {
        throw RPCError(.internal, "response is not a valid \(Response.protoMessageName)")
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
