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

/// Client side of one TIBS-RPC connection: does the I/O for `ClientConnectionStateMachine`, which
/// decides the lifecycle (connecting, ready, going away, closed) and tracks open calls by id.
/// Routes inbound frames to calls, fails them all when the connection goes, answers Pings at once,
/// and pauses reading while a response stream's buffer is full.
final class ClientConnectionHandler: ChannelDuplexHandler, CoalescingFlusher {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Call {
        let end: EventLoopPromise<CallEnd>
        let responses: MessageStream.Source?

        func fail(_ error: RPCError) {
            responses?.finish(error)
            end.fail(error)
        }
    }

    private var state = ClientConnectionStateMachine<Call>()
    private var context: ChannelHandlerContext?
    private let handshake: EventLoopPromise<Void>
    private let usesTLS: Bool
    /// Response messages buffered per server-streaming call before the connection stops reading.
    static let responseBufferHigh = 32
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

    var phase: ClientConnectionStateMachine<Call>.Phase { state.phase }

    var goingAway: Bool { state.phase == .goingAway }

    /// Mirrors the state machine's verdict into `unusable`, which callers read off the loop.
    private func publish() {
        if !state.acceptsCalls, state.phase != .connecting { unusable.store(true, ordering: .relaxed) }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if !usesTLS { handshakeCompleted() }
    }

    private func handshakeCompleted() {
        state.handshakeCompleted()
        handshake.succeed(())
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closed("connection closed")
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed("connection closed by the server")
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event { handshakeCompleted() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let described: RPCError
        if let error = error as? FrameDecodingError {
            described = RPCError(.resourceExhausted, "server sent an oversized frame: \(error)")
        } else if case NIOSSLError.handshakeFailed(.sslError(let errors)) = error, errors.contains(.eofDuringHandshake) {
            // Not a TLS verdict: the server hung up (at its handshake or connection limit, restarting).
            described = RPCError(.unavailable, "the server closed the connection")
        } else if case NIOSSLError.uncleanShutdown = error {
            // TCP closed without TLS's close_notify: a hang-up, not a trust problem.
            described = RPCError(.unavailable, "the server closed the connection without a TLS goodbye")
        } else if error is NIOSSLError || error is BoringSSLError {
            described = RPCError(.unavailable, "\(Self.tlsFailurePrefix)\(error)")
        } else {
            described = RPCError(.unavailable, "connection error: \(error)")
        }
        state.failed(described)
        publish()
        handshake.fail(described)
        context.close(promise: nil)
    }

    private func closed(_ reason: String) {
        let (open, unsent, error) = state.closed(default: reason)
        publish()
        handshake.fail(error)
        pausedCalls.removeAll()
        for call in open { call.fail(error) }
        for call in unsent { call.fail(Self.unprocessed("the connection closed before the call was sent (\(error.detail))")) }
    }

    // MARK: calls

    /// Registers a call and writes its Open. A connection that can no longer take calls fails the
    /// call at once, marked unprocessed (nothing was sent), so a unary call may go to a new
    /// connection; so does an Open whose write fails because the connection closed before it left.
    /// The caller made `responses` (server streaming) and `end` beforehand, so it need not wait
    /// here, and encoded the Open frame, so that work is spread over the callers' threads instead
    /// of queueing on this event loop.
    func start(_ callID: UInt32, openFrame: ByteBuffer, responses: MessageStream.Source?, end: EventLoopPromise<CallEnd>) {
        let call = Call(end: end, responses: responses)
        guard let context else {
            call.fail(Self.unprocessed("connection is closed"))
            return
        }
        switch state.open(callID, call) {
        case .refuse(let reason):
            call.fail(Self.unprocessed(reason))
        case .write:
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.whenComplete { [self] result in
                switch result {
                case .success:
                    state.openWritten(callID)
                case .failure:
                    guard let call = state.openNotWritten(callID) else { return }
                    pausedCalls.remove(callID)
                    call.fail(Self.unprocessed("the connection closed before the call was sent"))
                }
            }
            write(openFrame, promise: written)
        }
    }

    /// Starts the detail of a TLS verdict (trust, name, certificate): not worth retrying.
    static let tlsFailurePrefix = "TLS failure: "

    static func unprocessed(_ reason: String) -> RPCError {
        RPCError(.unavailable, reason, trailers: [unprocessedTrailer: "true"])
    }

    func send(_ frame: Tibs_Rpc_V1_Frame, promise: EventLoopPromise<Void>?) {
        guard context != nil, state.call(frame.callID) != nil || frame.callID == 0 else {
            promise?.fail(RPCError(.cancelled, "the call has ended"))
            return
        }
        write(frame, promise: promise)
    }

    /// Abandons a call: sends Cancel and fails it locally with `error`.
    func cancel(_ callID: UInt32, error: RPCError) {
        guard let call = state.end(callID) else { return }
        pausedCalls.remove(callID)
        var frame = Tibs_Rpc_V1_Frame()
        frame.callID = callID
        frame.cancel = Tibs_Rpc_V1_Cancel()
        write(frame, promise: nil)
        call.fail(error)
        resumeReadingIfPossible()
    }

    var hasOpenCalls: Bool { state.openCallCount > 0 }

    // MARK: inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame: Tibs_Rpc_V1_Frame
        do {
            frame = try FrameCoding.decode(unwrapInboundIn(data))
        } catch {
            state.failed(RPCError(.internal, "server sent a frame that is not a tibs.rpc.v1.Frame"))
            publish()
            context.close(promise: nil)
            return
        }
        switch frame.body {
        case .payload(let bytes):
            // Frames for calls this client no longer knows are ignored (PROTOCOL.md).
            guard let source = state.call(frame.callID)?.responses else { return }
            if case .stopProducing = source.yield(bytes) { pausedCalls.insert(frame.callID) }
        case .close(let close):
            guard let call = state.end(frame.callID) else { return }
            pausedCalls.remove(frame.callID)
            if close.code == 0 {
                call.responses?.finish()
            } else {
                call.responses?.finish(RPCError(close: close))
            }
            call.end.succeed(CallEnd(close: close))
            resumeReadingIfPossible()
        case .ping(let ping):
            // Answered within this read (flushed at its end), whatever else is going on: a server
            // going away closes once this Pong shows the GoAway before it was read.
            guard state.answersPing else { return }
            var pong = Tibs_Rpc_V1_Frame()
            pong.pong = .with { $0.data = ping.data }
            write(pong, promise: nil)
        case .goAway(let goAway):
            state.receivedGoAway(code: StatusCode(wire: goAway.code), detail: goAway.detail)
            publish()
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
