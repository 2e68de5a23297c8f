import Foundation
import NIOCore

/// A router's method as a protocol other than TIBS-RPC drives it (the standard gRPC door,
/// TIBSGRPCDoor): the same handler, token check, request decoding and error mapping as a TIBS-RPC
/// call, with bytes in and bytes out. So a method registered once is served on both protocols,
/// and no handler or rule is written twice.
package struct ForeignMethod: Sendable {
    package var descriptor: MethodDescriptor { method.descriptor }
    private let method: RegisteredMethod

    fileprivate init(_ method: RegisteredMethod) { self.method = method }

    /// Runs one call and answers what it ends with: the response message of a unary or
    /// client-streaming call (`nil` for a server stream, whose messages went to `send`), or the
    /// status it failed with. `requests` are the call's request messages: exactly one for unary
    /// and server-streaming methods, any number for client streaming, buffered up to
    /// `requestBufferHigh` messages while the handler does not consume (beyond it `requests` is not
    /// read, so the other protocol's flow control holds the client back).
    package func call<Requests: AsyncSequence & Sendable>(
        requests: Requests, send: @escaping @Sendable (Data) async throws -> Void,
        context: CallContext, authenticator: (any CallAuthenticator)?, requestBufferHigh: Int = 64
    ) async -> Result<Data?, RPCError> where Requests.Element == Data {
        let outcome: CallOutcome
        if descriptor.kind == .clientStreaming {
            outcome = await callStreaming(requests, send, context, authenticator, requestBufferHigh)
        } else {
            let first: Data
            do {
                var messages = requests.makeAsyncIterator()
                guard let message = try await messages.next() else {
                    return .failure(RPCError(.invalidArgument, "\(descriptor.path) takes exactly one request message; none came"))
                }
                guard try await messages.next() == nil else {
                    return .failure(RPCError(.invalidArgument, "\(descriptor.path) takes exactly one request message; more came"))
                }
                first = message
            } catch {
                return .failure(Self.requestStreamError(error))
            }
            outcome = await method.answer(CallIO(firstPayload: first, requests: nil, sink: .foreign(send)), context, authenticator: authenticator)
        }
        switch outcome {
        case .response(let bytes): return .success(bytes)
        case .error(let error): return .failure(error)
        case .cancelled: return .failure(RPCError(.cancelled, "the call was cancelled"))
        }
    }

    /// Pumps `requests` into the same bounded buffer a TIBS-RPC connection fills, beside the handler.
    private func callStreaming<Requests: AsyncSequence & Sendable>(
        _ requests: Requests, _ send: @escaping @Sendable (Data) async throws -> Void,
        _ context: CallContext, _ authenticator: (any CallAuthenticator)?, _ high: Int
    ) async -> CallOutcome where Requests.Element == Data {
        let (demand, wanted) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let made = MessageStream.make(highWatermark: high) { wanted.yield() }
        let source = made.source
        let io = CallIO(firstPayload: Data(), requests: made.sequence, sink: .foreign(send))
        return await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var more = demand.makeAsyncIterator()
                do {
                    for try await message in requests {
                        if case .stopProducing = source.yield(message) {
                            guard await more.next() != nil else { break }
                        }
                    }
                    source.finish()
                } catch {
                    source.finish(Self.requestStreamError(error))
                }
            }
            let outcome = await method.answer(io, context, authenticator: authenticator)
            // The handler may return before reading every message; the pump must not outlive it.
            group.cancelAll()
            wanted.finish()
            return outcome
        }
    }

    private static func requestStreamError(_ error: any Error) -> RPCError {
        if let error = error as? RPCError { return error }
        if error is CancellationError { return RPCError(.cancelled, "the call was cancelled") }
        return RPCError(.cancelled, "the request stream failed: \(error)")
    }
}

extension RPCRouter {
    /// Every method, in path order, for another protocol to serve (``ForeignMethod``).
    package var foreignMethods: [ForeignMethod] {
        methods.values.sorted { $0.descriptor.path < $1.descriptor.path }.map(ForeignMethod.init)
    }
}

extension CallContext {
    /// A call's request id from its `x-request-id` metadata (up to 128 characters), or a fresh one:
    /// the same rule on every protocol.
    package static func incomingRequestID(_ metadata: [String: String]) -> String {
        if let id = metadata["x-request-id"], !id.isEmpty, id.count <= 128 { return id }
        return RequestIDs.make()
    }
}
