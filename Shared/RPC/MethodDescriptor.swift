import Foundation
import NIOCore
import SwiftProtobuf
import TIBSIdentity

/// How a method's messages flow, as listed by Reflection/Describe.
public enum StreamingKind: Sendable, Equatable {
    case unary
    case serverStreaming
    case clientStreaming

    public var clientStreams: Bool { self == .clientStreaming }
    public var serverStreams: Bool { self == .serverStreaming }
}

/// Who may call a method. Region checks belong to the handler (`CallContext.requireWrite(region:)`),
/// since only it knows which region the data belongs to.
public enum AccessRule: Sendable, Equatable {
    /// No token needed (health only).
    case anyone
    /// Any verified token.
    case authenticated
    /// A verified token whose role is one of these.
    case roles(Set<Role>)

    public static let writers: AccessRule = .roles([.admin, .broker, .service])
    public static let admins: AccessRule = .roles([.admin])
}

/// A method as the server routes and describes it.
public struct MethodDescriptor: Sendable, Equatable {
    /// "/package.Service/Method"
    public let path: String
    public let requestType: String
    public let responseType: String
    public let kind: StreamingKind
    public let access: AccessRule

    public init(path: String, requestType: String, responseType: String, kind: StreamingKind, access: AccessRule) {
        self.path = path
        self.requestType = requestType
        self.responseType = responseType
        self.kind = kind
        self.access = access
    }
}

/// The request messages of a client-streaming call, in order. Iterate once.
///
/// Backed by a bounded buffer: while the handler does not consume, the connection stops reading.
public struct RequestStream<Message: SwiftProtobuf.Message & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Message
    let raw: RawRequestStream

    public struct AsyncIterator: AsyncIteratorProtocol {
        var raw: RawRequestStream.AsyncIterator
        public mutating func next() async throws -> Message? {
            guard let bytes = try await raw.next() else { return nil }
            do {
                return try Message(serializedBytes: bytes)
            } catch {
                throw RPCError(.invalidArgument, "request message is not a valid \(Message.protoMessageName)")
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(raw: raw.makeAsyncIterator()) }
}

/// Sends the response messages of a server-streaming call.
///
/// `send` suspends until the message has been written to the socket, so a client that does not
/// read stops the handler instead of growing the server's memory.
public struct ResponseWriter<Message: SwiftProtobuf.Message & Sendable>: Sendable {
    let sink: ResponseSink

    public func send(_ message: Message) async throws {
        let bytes: Data = try message.serializedBytes()
        try await sink.send(bytes)
    }
}
