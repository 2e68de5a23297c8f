import Foundation
import NIOCore
import SwiftProtobuf
import TIBSProto

/// The server's final word on a successful call.
struct CallEndSummary: Sendable {
    let payload: Data
    let trailers: [String: String]
}

/// A call in flight on a client connection.
struct ActiveCall: Sendable {
    let id: UInt32
    let connection: ClientConnection
    let endFuture: EventLoopFuture<CallEnd>
    let responses: MessageStream?

    /// Waits for the Close; throws its status as an `RPCError` unless OK.
    func end() async throws -> CallEndSummary {
        let end = try await endFuture.get()
        guard end.close.code == 0 else { throw RPCError(close: end.close) }
        return CallEndSummary(payload: end.close.payload, trailers: end.close.trailers)
    }

    /// Sends one request message; completes once written, so a slow server slows the sender.
    func send(_ message: Data) async throws {
        var frame = Tibs_Rpc_V1_Frame()
        frame.callID = id
        frame.payload = message
        let promise = connection.eventLoop.makePromise(of: Void.self)
        let sent = frame
        connection.onLoop { $0.send(sent, promise: promise) }
        try await promise.futureResult.get()
    }

    func halfClose() {
        var frame = Tibs_Rpc_V1_Frame()
        frame.callID = id
        frame.halfClose = Tibs_Rpc_V1_HalfClose()
        let sent = frame
        connection.onLoop { $0.send(sent, promise: nil) }
    }

    /// Stops the call locally and tells the server (Cancel), unless it has already ended.
    func abandon(_ error: RPCError) {
        let id = self.id
        connection.onLoop { $0.cancel(id, error: error) }
    }
}

/// Serialized response messages of a server-streaming call.
public struct RawResponseStream: AsyncSequence, Sendable {
    public typealias Element = Data
    let stream: MessageStream?

    public struct AsyncIterator: AsyncIteratorProtocol {
        var inner: MessageStream.AsyncIterator?
        public mutating func next() async throws -> Data? { try await inner?.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(inner: stream?.makeAsyncIterator()) }
}

/// Typed response messages of a server-streaming call; ends with the call's status (throws if not OK).
public struct ResponseStream<Message: SwiftProtobuf.Message & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Message
    let raw: RawResponseStream

    public struct AsyncIterator: AsyncIteratorProtocol {
        var raw: RawResponseStream.AsyncIterator
        public mutating func next() async throws -> Message? {
            guard let bytes = try await raw.next() else { return nil }
            return try decodeResponse(bytes)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(raw: raw.makeAsyncIterator()) }
}
