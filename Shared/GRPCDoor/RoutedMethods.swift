import Foundation
import GRPCCore
import Logging
import NIOCore
import TIBSRPC

/// Every method of a TIBS router as a gRPC method of the same path: each call is handed to the
/// router's own handler (``ForeignMethod``), so the token check, region rules, validation,
/// status codes and audit are the ones TIBS-RPC calls get.
struct RoutedMethods: RegistrableRPCService {
    let methods: [ForeignMethod]
    let authenticator: (any CallAuthenticator)?
    let logger: Logger
    /// Request messages of a client-streaming call buffered before the door stops reading.
    let requestBufferHigh: Int

    func registerMethods<Transport: ServerTransport>(with router: inout GRPCCore.RPCRouter<Transport>) {
        for method in methods {
            guard let descriptor = Self.grpcDescriptor(path: method.descriptor.path) else { continue }
            router.registerHandler(forMethod: descriptor, deserializer: RawMessageCoding(), serializer: RawMessageCoding()) {
                request, context in
                await serve(method, request, context)
            }
        }
    }

    /// `tibs.registry.v1.SmeRegistry` / `GetSme` of "/tibs.registry.v1.SmeRegistry/GetSme".
    static func grpcDescriptor(path: String) -> GRPCCore.MethodDescriptor? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        return GRPCCore.MethodDescriptor(fullyQualifiedService: String(parts[0]), method: String(parts[1]))
    }

    private func serve(_ method: ForeignMethod, _ request: StreamingServerRequest<Data>, _ grpc: ServerContext) async -> StreamingServerResponse<Data> {
        let metadata = GRPCStatusMapping.callMetadata(request.metadata)
        let requestID = CallContext.incomingRequestID(metadata)
        let deadline = GRPCStatusMapping.timeout(request.metadata).map { NIODeadline.now() + TimeAmount($0) }
        var callLogger = logger
        callLogger[metadataKey: "protocol"] = "grpc"
        let context = CallContext(method: method.descriptor.path, metadata: metadata, requestID: requestID, deadline: deadline,
                                  remoteAddress: grpc.remotePeer, logger: callLogger)
        let messages = request.messages
        let authenticator = self.authenticator
        let high = requestBufferHigh
        @Sendable func failure(_ error: TIBSRPC.RPCError) -> GRPCCore.RPCError {
            var error = error
            if error.code == .cancelled, let deadline, NIODeadline.now() >= deadline {
                error = TIBSRPC.RPCError(.deadlineExceeded, "the call's deadline passed")
            }
            return GRPCStatusMapping.grpcError(error, requestID: requestID)
        }
        guard method.descriptor.kind == .serverStreaming else {
            // One answer: the call runs before anything is sent, so a refusal is a trailers-only response.
            let result = await Self.cancellable(grpc.cancellation) {
                await method.call(requests: messages, send: { _ in }, context: context,
                                  authenticator: authenticator, requestBufferHigh: high)
            }
            switch result {
            case .success(let response):
                return StreamingServerResponse(single: ServerResponse(
                    message: response ?? Data(), trailingMetadata: GRPCStatusMapping.trailers(requestID: requestID)))
            case .failure(let error):
                return StreamingServerResponse(error: failure(error))
            }
        }
        // A server stream sends its messages as the handler writes them, each after the one before
        // has been taken by the transport (a client that does not read holds the handler back).
        return StreamingServerResponse(metadata: [:]) { writer in
            let result = await Self.cancellable(grpc.cancellation) {
                // A cancelled call's writes fail at once, as on TIBS-RPC: grpc-swift drops writes to
                // a reset stream without an error, so a handler would otherwise send on into nothing.
                await method.call(requests: messages, send: { try Task.checkCancellation(); try await writer.write($0) },
                                  context: context, authenticator: authenticator, requestBufferHigh: high)
            }
            switch result {
            case .success: return GRPCStatusMapping.trailers(requestID: requestID)
            case .failure(let error): throw failure(error)
            }
        }
    }

    /// Runs `call`, cancelling its task when gRPC cancels the RPC (its deadline passed, the client
    /// reset the stream, the server stopped): grpc-swift signals that through the context's
    /// cancellation handle, not by cancelling the handler's task, and TIBS handlers stop on task
    /// cancellation.
    private static func cancellable(
        _ rpc: ServerContext.RPCCancellationHandle,
        _ call: @escaping @Sendable () async -> Result<Data?, TIBSRPC.RPCError>
    ) async -> Result<Data?, TIBSRPC.RPCError> {
        await withTaskGroup(of: Result<Data?, TIBSRPC.RPCError>?.self) { group in
            group.addTask { await call() }
            group.addTask {
                // Returns when the RPC is cancelled, or when the call has ended and the group is cancelled.
                try? await rpc.cancelled
                return nil
            }
            while let next = await group.next() {
                group.cancelAll()
                if let outcome = next { return outcome }
            }
            return .failure(TIBSRPC.RPCError(.cancelled, "the call was cancelled"))
        }
    }
}
