import Foundation
import NIOCore
import SwiftProtobuf

/// The bytes a call's handler works with; built by the connection for each call.
struct CallIO: Sendable {
    /// `Open.payload`, or empty when absent (an empty request message).
    let firstPayload: Data
    /// Request messages after the Open (client streaming only).
    let requests: RawRequestStream?
    /// Where response messages of a server stream go.
    let sink: ResponseSink
}

/// Where a call's handler starts running.
public enum HandlerStart: Sendable, Equatable {
    /// On the connection's event loop, until the handler first suspends; after that on the
    /// global executor. A handler that answers from memory, or validates and then awaits I/O,
    /// costs no thread hop. It must not block or compute for long before its first `await`:
    /// until then the other calls on its connection wait.
    case immediately
    /// On the global executor from the start: for handlers that compute for long before they
    /// first suspend, so that they do not hold up the other calls on their connection.
    case onGlobalExecutor
}

/// A method bound to its type-erased handler.
struct RegisteredMethod: Sendable {
    let descriptor: MethodDescriptor
    let start: HandlerStart
    /// Runs the handler; returns the serialized response for unary and client-streaming calls.
    let run: @Sendable (CallIO, CallContext) async throws -> Data?
}

/// The methods a server offers. Services add theirs with typed handlers; the router erases types
/// so that the connection only moves bytes.
public struct RPCRouter: Sendable {
    private(set) var methods: [String: RegisteredMethod] = [:]

    public init() {}

    public var descriptors: [MethodDescriptor] { methods.values.map(\.descriptor).sorted { $0.path < $1.path } }

    func method(_ path: String) -> RegisteredMethod? { methods[path] }

    /// Adds a unary method. Registering a path twice replaces the first (a programming error in tests only).
    ///
    /// Inlinable so that decoding and encoding are specialised for the service's message types
    /// where it registers them, instead of looking generic metadata up on every call.
    @inlinable
    public mutating func unary<Request: Message & Sendable, Response: Message & Sendable>(
        _ path: String, access: AccessRule, start: HandlerStart = .immediately,
        _ handler: @escaping @Sendable (Request, CallContext) async throws -> Response
    ) {
        addUnary(Request.self, Response.self, path, access, start) { payload, context in
            let request: Request = try decodeRequest(payload)
            return try await handler(request, context).serializedBytes() as Data
        }
    }

    @usableFromInline
    mutating func addUnary<Request: Message, Response: Message>(
        _: Request.Type, _: Response.Type, _ path: String, _ access: AccessRule, _ start: HandlerStart,
        _ run: @escaping @Sendable (Data, CallContext) async throws -> Data
    ) {
        add(Request.self, Response.self, path, .unary, access, start) { io, context in try await run(io.firstPayload, context) }
    }

    /// Adds a server-streaming method: one request, then any number of responses via the writer.
    public mutating func serverStreaming<Request: Message & Sendable, Response: Message & Sendable>(
        _ path: String, access: AccessRule, start: HandlerStart = .immediately,
        _ handler: @escaping @Sendable (Request, ResponseWriter<Response>, CallContext) async throws -> Void
    ) {
        add(Request.self, Response.self, path, .serverStreaming, access, start) { io, context in
            let request: Request = try decodeRequest(io.firstPayload)
            try await handler(request, ResponseWriter(sink: io.sink), context)
            return nil
        }
    }

    /// Adds a client-streaming method: a stream of requests, then one response.
    public mutating func clientStreaming<Request: Message & Sendable, Response: Message & Sendable>(
        _ path: String, access: AccessRule, start: HandlerStart = .immediately,
        _ handler: @escaping @Sendable (RequestStream<Request>, CallContext) async throws -> Response
    ) {
        add(Request.self, Response.self, path, .clientStreaming, access, start) { io, context in
            guard let raw = io.requests else { throw RPCError(.internal, "client-streaming call without a request stream") }
            return try await handler(RequestStream(raw: raw), context).serializedBytes() as Data
        }
    }

    /// Adds every method of another router (a service's, or the built-in ones).
    public mutating func merge(_ other: RPCRouter) {
        methods.merge(other.methods) { _, new in new }
    }

    private mutating func add<Request: Message, Response: Message>(
        _: Request.Type, _: Response.Type, _ path: String, _ kind: StreamingKind, _ access: AccessRule, _ start: HandlerStart,
        _ run: @escaping @Sendable (CallIO, CallContext) async throws -> Data?
    ) {
        let descriptor = MethodDescriptor(
            path: path, requestType: Request.protoMessageName, responseType: Response.protoMessageName,
            kind: kind, access: access)
        methods[path] = RegisteredMethod(descriptor: descriptor, start: start, run: run)
    }
}

/// Decodes a request, answering INVALID_ARGUMENT that names the type when the bytes are not one,
/// and naming every enum field that holds a number the schema does not know (``UnknownEnumValues``).
@inlinable
func decodeRequest<Request: Message>(_ bytes: Data) throws -> Request {
    let request: Request
    do {
        request = try Request(serializedBytes: bytes)
    } catch {
        throw RPCError(.invalidArgument, "request payload is not a valid \(Request.protoMessageName)")
    }
    try UnknownEnumValues.check(request)
    return request
}
