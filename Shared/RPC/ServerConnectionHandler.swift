import Foundation
import Logging
import NIOCore
import NIOSSL
import NIOTLS
import TIBSProto

/// Trailer on a Close for a call the server refused before running it: retrying is safe.
public let unprocessedTrailer = "x-tibs-unprocessed"

/// Limits one server connection enforces (PROTOCOL.md defaults).
public struct ConnectionLimits: Sendable {
    public var maxFrameLength = defaultMaxFrameLength
    public var maxOpenCalls = 128
    /// Closed with GoAway when no call has been open for this long.
    public var idleTimeout: TimeAmount = .minutes(5)
    /// Request messages buffered per client-streaming call before the connection stops reading.
    public var requestBufferHigh = 32
    /// After GoAway, how long an idle connection stays open to refuse (rather than drop) Opens
    /// the client sent before it saw the GoAway, so the client knows they were not processed.
    public var goAwayLinger: TimeAmount = .milliseconds(500)
    public init() {}
}

/// Runs TIBS-RPC on one server connection: decodes frames, asks the state machine what they mean,
/// runs each call in a task of its own, and writes their answers.
///
/// Call tasks are started here, on the event loop, and by default run here until they first
/// suspend (`HandlerStart`), so a call that answers without waiting costs no thread hop; their
/// handles are kept so cancels reach them, and the connection's task awaits every one still
/// running when the connection ends (`ended`): no handler outlives its server.
///
/// Reading stops while the socket is not writable or a call's request buffer is full, so neither
/// a slow reader nor a slow handler makes the server buffer without bound.
final class ServerConnectionHandler: ChannelDuplexHandler, CoalescingFlusher {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private struct LiveCall {
        let race: CallRace
        let requests: RawRequestStream.Source?
        var deadlineTimer: Scheduled<Void>?
        let method: String
        let started: NIODeadline
        let requestID: String
        let serial: UInt64
        var task: Task<Void, Never>?
    }

    private var state: ServerConnectionStateMachine
    private let router: RPCRouter
    private let authenticator: (any CallAuthenticator)?
    private let limits: ConnectionLimits
    /// Completed at teardown with the call tasks still running, for the connection task to await.
    private let ended: EventLoopPromise<[Task<Void, Never>]>
    private var endedReported = false
    private var tasks: [UInt64: Task<Void, Never>] = [:]
    private var nextSerial: UInt64 = 0
    private let logger: Logger
    private let metrics: ServerMetrics?
    private let usesTLS: Bool
    private var live: [UInt32: LiveCall] = [:]
    private var context: ChannelHandlerContext?
    private var remoteAddress = ""

    var flushState = FlushState()
    var flushContext: ChannelHandlerContext? { context }
    private var readPending = false
    private var pausedCalls: Set<UInt32> = []
    private var idleTimer: Scheduled<Void>?
    /// When the last open call ended (or TLS came up); nil while calls are open.
    private var idleSince: NIODeadline?
    private var graceTimer: Scheduled<Void>?
    private var lingerTimer: Scheduled<Void>?
    private var lingering = false
    private var closing = false

    init(router: RPCRouter, authenticator: (any CallAuthenticator)?, limits: ConnectionLimits,
         ended: EventLoopPromise<[Task<Void, Never>]>, logger: Logger, metrics: ServerMetrics? = nil, usesTLS: Bool) {
        self.state = ServerConnectionStateMachine(maxOpenCalls: limits.maxOpenCalls)
        self.router = router
        self.authenticator = authenticator
        self.limits = limits
        self.ended = ended
        self.logger = logger
        self.metrics = metrics
        self.usesTLS = usesTLS
    }

    /// Answers from call tasks off the event loop, queued for it.
    private let inbox = LoopInbox<ServerConnectionHandler>()

    private var bridge: ConnectionBridge? {
        guard let context else { return nil }
        return makeBridge(eventLoop: context.eventLoop)
    }

    /// The handler's thread-safe face; make it on the handler's event loop.
    func makeBridge(eventLoop: any EventLoop) -> ConnectionBridge {
        ConnectionBridge(eventLoop: eventLoop, handler: NIOLoopBound(self, eventLoop: eventLoop), inbox: inbox)
    }

    // MARK: lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        remoteAddress = context.remoteAddress.map { "\($0)" } ?? ""
        // Behind TLS the idle clock starts with the handshake's end (the handshake has its own timeout).
        if !usesTLS { becameIdle() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        tearDown()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        tearDown()
        context.fireChannelInactive()
    }

    /// The connection is gone: every running call is cancelled and the connection task may end.
    private func tearDown() {
        idleTimer?.cancel()
        graceTimer?.cancel()
        lingerTimer?.cancel()
        for (_, call) in live {
            call.deadlineTimer?.cancel()
            call.requests?.finish(RPCError(.cancelled, "connection closed"))
            call.race.cancel(.connectionClosed)
        }
        live.removeAll()
        for task in tasks.values { task.cancel() }
        if !endedReported {
            endedReported = true
            ended.succeed(Array(tasks.values))
        }
        tasks.removeAll()
    }

    // MARK: inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        let body = unwrapInboundIn(data)
        let frame: Tibs_Rpc_V1_Frame
        do {
            frame = try FrameCoding.decode(body)
        } catch {
            return goAwayAndClose(.invalidArgument, "frame body is not a valid tibs.rpc.v1.Frame")
        }
        let action = state.receive(frame) { router.method($0) != nil }
        apply(action, context: context)
    }

    private func apply(_ action: ServerConnectionStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .startCall(let callID, let open):
            startCall(callID, open, context: context)
        case .rejectCall(let callID, let code, let detail):
            let requestID = open(requestIDFrom: nil)
            let trailers = ["x-request-id": requestID, unprocessedTrailer: "true"]
            write(.close(callID: callID, RPCError(code, detail).closeMessage(trailers: trailers)))
        case .deliverPayload(let callID, let bytes):
            guard let source = live[callID]?.requests else {
                // Unary and server-streaming calls take no request messages after the Open.
                return
            }
            if case .stopProducing = source.yield(bytes) { pausedCalls.insert(callID) }
        case .deliverHalfClose(let callID):
            live[callID]?.requests?.finish()
        case .cancelCall(let callID):
            cancel(callID, .client)
        case .sendPong(let data):
            var frame = Tibs_Rpc_V1_Frame()
            frame.pong = .with { $0.data = data }
            write(frame)
        case .goAwayAndClose(let code, let detail):
            goAwayAndClose(code, detail)
        case .peerGoingAway:
            closeIfDrained()
        case .none:
            break
        }
    }

    private func open(requestIDFrom metadata: [String: String]?) -> String {
        if let id = metadata?["x-request-id"], !id.isEmpty, id.count <= 128 { return id }
        return RequestIDs.make()
    }

    private func startCall(_ callID: UInt32, _ open: Tibs_Rpc_V1_Open, context: ChannelHandlerContext) {
        // reason: the state machine only starts calls whose method it found in the router.
        guard let method = router.method(open.method), let bridge else { return }
        idleSince = nil
        let requestID = self.open(requestIDFrom: open.metadata)
        let deadline: NIODeadline? = open.timeoutMs > 0
            ? .now() + .milliseconds(Int64(clamping: min(open.timeoutMs, UInt64(Int64.max / 1_000_000))))
            : nil
        let race = CallRace()

        var requests: RawRequestStream?
        var source: RawRequestStream.Source?
        if method.descriptor.kind == .clientStreaming {
            let made = MessageStream.make(highWatermark: limits.requestBufferHigh) { bridge.resumeRequests(callID) }
            requests = made.sequence
            source = made.source
            if open.hasPayload { _ = made.source.yield(open.payload) }
            if open.halfClose { made.source.finish() }
        }

        nextSerial += 1
        let serial = nextSerial
        var timer: Scheduled<Void>?
        if let deadline {
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            timer = context.eventLoop.scheduleTask(deadline: deadline) { loopBound.value.cancel(callID, .deadline, serial: serial) }
        }
        live[callID] = LiveCall(race: race, requests: source, deadlineTimer: timer, method: open.method, started: .now(),
                                requestID: requestID, serial: serial)

        let callContext = CallContext(
            method: open.method, metadata: open.metadata, requestID: requestID, deadline: deadline,
            remoteAddress: remoteAddress, logger: logger)
        let io = CallIO(firstPayload: open.payload, requests: requests, sink: ResponseSink(callID: callID, connection: bridge))
        let call = ServerCall(
            callID: callID, serial: serial, method: method, context: callContext, io: io, race: race,
            connection: bridge, authenticator: authenticator)
        // reason: an unstructured task so its handle can be cancelled; `tasks` and `ended` tie its
        // lifetime to the connection task, which awaits it.
        let task = Self.startTask(method.start) { await call.run() }
        // A handler that never suspended has already answered (and `callEnded` ran) by now.
        guard live[callID]?.serial == serial else { return }
        tasks[serial] = task
        live[callID]?.task = task
    }

    /// Starts a call's task. `.immediately` runs it right here on the event loop until it first
    /// suspends (see `HandlerStart`): most calls then cost no thread hop at all.
    private static func startTask(_ start: HandlerStart, _ body: sending @escaping () async -> Void) -> Task<Void, Never> {
        if start == .immediately, #available(macOS 26, *) {
            return Task.immediate(operation: body)
        }
        return Task(operation: body)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? FrameDecodingError, case .frameTooLarge(let length, let limit) = error {
            goAwayAndClose(.resourceExhausted, "frame of \(length) bytes is over the limit of \(limit)")
        } else if error is NIOSSLError || error is BoringSSLError {
            logger.debug("TLS error", metadata: ["peer": "\(remoteAddress)", "error": "\(error)"])
            context.close(promise: nil)
        } else {
            logger.debug("connection error", metadata: ["peer": "\(remoteAddress)", "error": "\(error)"])
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event, state.openCallCount == 0 {
            becameIdle()
        }
        if let event = event as? ChannelEvent, event == .inputClosed {
            // The client will send nothing more; answer open calls, then close.
            state.beginGoingAway()
            lingering = false
            closeIfDrained()
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: outbound: call answers

    func writePayload(_ callID: UInt32, _ payload: Data, promise: EventLoopPromise<Void>) {
        guard live[callID] != nil, let context, !closing else {
            promise.fail(RPCError(.cancelled, "the call has ended"))
            return
        }
        var frame = Tibs_Rpc_V1_Frame()
        frame.callID = callID
        frame.payload = payload
        do {
            let buffer = try FrameCoding.encode(frame)
            context.write(wrapOutboundOut(buffer), promise: promise)
            scheduleFlush()
        } catch {
            promise.fail(error)
        }
    }

    /// A call task ended. If its handler won the race, its outcome is the answer.
    func callEnded(_ callID: UInt32, serial: UInt64, _ outcome: CallOutcome, handlerWon: Bool) {
        tasks[serial] = nil
        guard handlerWon, live[callID]?.serial == serial else { return }
        finishCall(callID, outcome)
    }

    /// Stops a call: the first of handler and cancel answers; the handler's task is cancelled.
    func cancel(_ callID: UInt32, _ reason: CancelReason, serial: UInt64? = nil) {
        guard let call = live[callID], serial == nil || call.serial == serial else { return }
        if call.race.cancel(reason) { finishCall(callID, .cancelled(reason)) }
        call.task?.cancel()
    }

    private func finishCall(_ callID: UInt32, _ outcome: CallOutcome) {
        guard let call = live.removeValue(forKey: callID) else { return }
        let requestID = call.requestID
        call.deadlineTimer?.cancel()
        call.requests?.finish()
        pausedCalls.remove(callID)
        state.callClosed(callID)

        let trailers = ["x-request-id": requestID]
        var close: Tibs_Rpc_V1_Close?
        switch outcome {
        case .response(let payload):
            var ok = Tibs_Rpc_V1_Close()
            ok.trailers = trailers
            if let payload { ok.payload = payload }
            close = ok
        case .error(let error):
            close = error.closeMessage(trailers: trailers)
        case .cancelled(.client):
            close = RPCError(.cancelled, "cancelled by the client").closeMessage(trailers: trailers)
        case .cancelled(.deadline):
            close = RPCError(.deadlineExceeded, "deadline exceeded").closeMessage(trailers: trailers)
        case .cancelled(.shutdown):
            close = RPCError(.unavailable, "server shut down before the call finished").closeMessage(trailers: trailers)
        case .cancelled(.connectionClosed):
            close = nil
        }
        if let close, !closing { write(.close(callID: callID, close)) }
        metrics?.record(method: call.method, code: close.map { StatusCode(wire: $0.code) } ?? .cancelled, since: call.started)
        resumeReadingIfPossible()
        if state.openCallCount == 0 { becameIdle() }
        closeIfDrained()
    }

    func resumeRequests(for callID: UInt32) {
        pausedCalls.remove(callID)
        resumeReadingIfPossible()
    }

    // MARK: outbound: reads and writability (backpressure)

    func read(context: ChannelHandlerContext) {
        if context.channel.isWritable && pausedCalls.isEmpty {
            context.read()
        } else {
            readPending = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        resumeReadingIfPossible()
        context.fireChannelWritabilityChanged()
    }

    private func resumeReadingIfPossible() {
        guard readPending, let context, context.channel.isWritable, pausedCalls.isEmpty else { return }
        readPending = false
        context.read()
    }

    // MARK: shutdown, idle, protocol errors

    func beginGracefulShutdown(grace: TimeAmount) {
        guard let context, !closing, graceTimer == nil else { return }
        goAway("server is shutting down")
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        graceTimer = context.eventLoop.scheduleTask(in: grace) {
            let handler = loopBound.value
            for callID in Array(handler.live.keys) { handler.cancel(callID, .shutdown) }
        }
        closeIfDrained()
    }

    /// Sends GoAway{UNAVAILABLE} and refuses new calls; the connection closes once open calls
    /// have finished and the linger time has passed.
    private func goAway(_ detail: String) {
        guard let context, !state.isGoingAway || !lingering else { return }
        state.beginGoingAway()
        write(.goAway(.unavailable, detail))
        flushIfNeeded()
        lingering = true
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        lingerTimer = context.eventLoop.scheduleTask(in: limits.goAwayLinger) {
            loopBound.value.lingering = false
            loopBound.value.closeIfDrained()
        }
    }

    private func closeIfDrained() {
        if state.isGoingAway, state.openCallCount == 0, !lingering { close() }
    }

    /// No call is open from now on. One timer watches idleness: calls starting and ending do
    /// not schedule and cancel timers (that cost showed in the benchmark's profile); the timer
    /// re-arms itself when it finds the connection became busy and idle again meanwhile.
    private func becameIdle() {
        idleSince = .now()
        armIdleTimer()
    }

    private func armIdleTimer() {
        guard let context, idleTimer == nil, let idleSince else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.scheduleTask(deadline: idleSince + limits.idleTimeout) {
            let handler = loopBound.value
            handler.idleTimer = nil
            handler.idleTimerFired()
        }
    }

    private func idleTimerFired() {
        guard let idleSince, state.openCallCount == 0, !state.isGoingAway else { return }
        if NIODeadline.now() >= idleSince + limits.idleTimeout {
            goAway("idle timeout")
            closeIfDrained()
        } else {
            armIdleTimer()
        }
    }

    private func goAwayAndClose(_ code: StatusCode, _ detail: String) {
        guard !closing else { return }
        logger.debug("closing connection", metadata: ["peer": "\(remoteAddress)", "code": "\(code)", "detail": "\(detail)"])
        write(.goAway(code, detail))
        close()
    }

    private func close() {
        guard !closing, let context else { return }
        closing = true
        flushIfNeeded()
        context.close(promise: nil)
    }

    // MARK: writing

    private func write(_ frame: Tibs_Rpc_V1_Frame) {
        guard let context else { return }
        do {
            let buffer = try FrameCoding.encode(frame)
            context.write(wrapOutboundOut(buffer), promise: nil)
            scheduleFlush()
        } catch {
            logger.error("could not encode a frame", metadata: ["error": "\(error)"])
        }
    }


}
