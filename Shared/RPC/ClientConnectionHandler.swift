import Atomics
import Foundation
import NIOCore
import NIOSSL
import NIOTLS
import TIBSProto

/// What the server said at the end of a call.
struct CallEnd: Sendable {
    let close: Tibs_Rpc_V1_Close
}

/// Client side of one TIBS-RPC connection: tracks open calls by id, routes inbound frames to them,
/// and fails them all when the connection goes. Reading pauses while a response stream's buffer is full.
final class ClientConnectionHandler: ChannelDuplexHandler, CoalescingFlusher {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private struct Call {
        let end: EventLoopPromise<CallEnd>
        let responses: MessageStream.Source?
    }

    private var calls: [UInt32: Call] = [:]
    private var context: ChannelHandlerContext?
    private let handshake: EventLoopPromise<Void>
    private let usesTLS: Bool
    /// Response messages buffered per server-streaming call before the connection stops reading.
    static let responseBufferHigh = 32
    private var failure: RPCError?
    private(set) var goingAway = false {
        didSet { if goingAway { unusable.store(true, ordering: .relaxed) } }
    }
    /// Read by the client without a hop to the event loop: set once the connection must not
    /// take new calls (GoAway received, failed or closed).
    let unusable = ManagedAtomic<Bool>(false)
    private var pausedCalls: Set<UInt32> = []
    private var readPending = false
    var flushState = FlushState()
    var flushContext: ChannelHandlerContext? { context }

    init(handshake: EventLoopPromise<Void>, usesTLS: Bool) {
        self.handshake = handshake
        self.usesTLS = usesTLS
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if !usesTLS { handshake.succeed(()) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll(failure ?? RPCError(.unavailable, "connection closed"))
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(failure ?? RPCError(.unavailable, "connection closed by the server"))
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event { handshake.succeed(()) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let described: RPCError
        if let error = error as? FrameDecodingError {
            described = RPCError(.resourceExhausted, "server sent an oversized frame: \(error)")
        } else if error is NIOSSLError || error is BoringSSLError {
            described = RPCError(.unavailable, "TLS failure: \(error)")
        } else {
            described = RPCError(.unavailable, "connection error: \(error)")
        }
        if failure == nil { failure = described }
        handshake.fail(described)
        context.close(promise: nil)
    }

    private func failAll(_ error: RPCError) {
        unusable.store(true, ordering: .relaxed)
        handshake.fail(error)
        let open = calls
        calls.removeAll()
        for (_, call) in open {
            call.responses?.finish(error)
            call.end.fail(error)
        }
    }

    // MARK: calls

    /// Registers a call and writes its Open. A connection that can no longer take calls fails the
    /// call at once, marked unprocessed (nothing was sent), so a unary call may go to a new connection.
    /// The caller made `responses` (server streaming) and `end` beforehand, so it need not wait
    /// here, and encoded the Open frame, so that work is spread over the callers' threads instead
    /// of queueing on this event loop.
    func start(_ callID: UInt32, openFrame: ByteBuffer, responses: MessageStream.Source?, end: EventLoopPromise<CallEnd>) {
        guard context != nil, failure == nil, !goingAway, calls[callID] == nil else {
            let reason = calls[callID] != nil ? "call id \(callID) is still in use" : failure?.detail ?? "connection is closing"
            let error = RPCError(.unavailable, reason, trailers: [unprocessedTrailer: "true"])
            responses?.finish(error)
            end.fail(error)
            return
        }
        calls[callID] = Call(end: end, responses: responses)
        write(openFrame, promise: nil)
    }

    func send(_ frame: Tibs_Rpc_V1_Frame, promise: EventLoopPromise<Void>?) {
        guard context != nil, calls[frame.callID] != nil || frame.callID == 0 else {
            promise?.fail(RPCError(.cancelled, "the call has ended"))
            return
        }
        write(frame, promise: promise)
    }

    /// Abandons a call: sends Cancel and fails it locally with `error`.
    func cancel(_ callID: UInt32, error: RPCError) {
        guard let call = calls.removeValue(forKey: callID) else { return }
        pausedCalls.remove(callID)
        var frame = Tibs_Rpc_V1_Frame()
        frame.callID = callID
        frame.cancel = Tibs_Rpc_V1_Cancel()
        write(frame, promise: nil)
        call.responses?.finish(error)
        call.end.fail(error)
        resumeReadingIfPossible()
    }

    var hasOpenCalls: Bool { !calls.isEmpty }

    // MARK: inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame: Tibs_Rpc_V1_Frame
        do {
            frame = try FrameCoding.decode(unwrapInboundIn(data))
        } catch {
            failure = RPCError(.internal, "server sent a frame that is not a tibs.rpc.v1.Frame")
            context.close(promise: nil)
            return
        }
        switch frame.body {
        case .payload(let bytes):
            // Frames for calls this client no longer knows are ignored (PROTOCOL.md).
            guard let source = calls[frame.callID]?.responses else { return }
            if case .stopProducing = source.yield(bytes) { pausedCalls.insert(frame.callID) }
        case .close(let close):
            guard let call = calls.removeValue(forKey: frame.callID) else { return }
            pausedCalls.remove(frame.callID)
            if close.code == 0 {
                call.responses?.finish()
            } else {
                call.responses?.finish(RPCError(close: close))
            }
            call.end.succeed(CallEnd(close: close))
            resumeReadingIfPossible()
        case .ping(let ping):
            var pong = Tibs_Rpc_V1_Frame()
            pong.pong = .with { $0.data = ping.data }
            write(pong, promise: nil)
        case .goAway(let goAway):
            goingAway = true
            if goAway.code != StatusCode.unavailable.rawValue {
                failure = RPCError(StatusCode(wire: goAway.code), "server closed the connection: \(goAway.detail)")
            }
        case .open, .halfClose, .cancel, .pong, .none:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded()
        context.fireChannelReadComplete()
    }

    // MARK: backpressure

    /// A response stream drained below its low watermark: reading may go on.
    func resume(_ callID: UInt32) {
        pausedCalls.remove(callID)
        resumeReadingIfPossible()
    }

    func read(context: ChannelHandlerContext) {
        if pausedCalls.isEmpty { context.read() } else { readPending = true }
    }

    private func resumeReadingIfPossible() {
        guard readPending, pausedCalls.isEmpty, let context else { return }
        readPending = false
        context.read()
    }

    // MARK: writing

    private func write(_ frame: Tibs_Rpc_V1_Frame, promise: EventLoopPromise<Void>?) {
        do {
            write(try FrameCoding.encode(frame), promise: promise)
        } catch {
            promise?.fail(error)
        }
    }

    private func write(_ encoded: ByteBuffer, promise: EventLoopPromise<Void>?) {
        guard let context else {
            promise?.fail(RPCError(.unavailable, "connection closed"))
            return
        }
        context.write(wrapOutboundOut(encoded), promise: promise)
        scheduleFlush()
    }
}
