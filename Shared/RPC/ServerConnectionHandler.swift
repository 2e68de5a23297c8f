import Foundation
import Logging
import NIOCore
import NIOSSL
import NIOTLS
import TIBSProto

/// Trailer on a Close for a call the server refused before running it: retrying is safe.
public let unprocessedTrailer = "x-tibs-unprocessed"

/// Runs TIBS-RPC on one server connection: decodes frames, asks the state machine what they mean,
/// runs each call in a task of its own, and writes their answers.
///
/// Call tasks are started here, on the event loop, and by default run here until they first
/// suspend (`HandlerStart`), so a call that answers without waiting costs no thread hop; their
/// handles are kept so cancels reach them, and the connection's task awaits every one still
/// running when the connection ends (`ended`): no handler outlives its server.
///
/// Reading stops while the socket is not writable, a call's request buffer is full or the write
/// budget (`ConnectionLimits.maxQueuedWriteBytes`) is used up, so neither a slow reader nor a
/// slow handler makes the server buffer without bound.
///
/// What the connection's frames and lifecycle mean is decided by `ServerConnectionStateMachine`
/// (pure); this handler does the I/O and arms the timers it asks for. Time is the event loop's
/// (`eventLoop.now`), so tests drive idle timeout and grace period on a testing loop by hand.
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

    /// An encoded frame on its way to the socket, maybe waiting for room in the write budget.
    struct PendingWrite {
        let buffer: ByteBuffer
        let promise: EventLoopPromise<Void>?
        /// The call this frame closes: the call counts as open until its Close goes to the socket.
        let closes: UInt32?
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
    /// Told when the connection becomes idle or busy: the server's choice at its connection limit.
    private let idleMark: IdleMark
    private var live: [UInt32: LiveCall] = [:]
    private var context: ChannelHandlerContext?
    private var remoteAddress = ""

    var flushState = FlushState()
    var flushContext: ChannelHandlerContext? { context }
    private(set) var budget: WriteBudget<PendingWrite>
    /// Calls accepted while the write budget was full, to run once it has room.
    private var heldCalls: [ServerCall] = []
    private var readPending = false
    private var pausedCalls: Set<UInt32> = []
    /// Timers the state machine asked for; at most one of each.
    private var idleTimer: Scheduled<Void>?
    private var graceTimer: Scheduled<Void>?
    private var acknowledgeTimer: Scheduled<Void>?
    /// `context.close` was called.
    private var closeIssued = false

    init(router: RPCRouter, authenticator: (any CallAuthenticator)?, limits: ConnectionLimits,
         ended: EventLoopPromise<[Task<Void, Never>]>, logger: Logger, metrics: ServerMetrics? = nil, usesTLS: Bool,
         idleMark: IdleMark = IdleMark(), pingData: UInt64 = .random(in: 1...UInt64.max)) {
        self.state = ServerConnectionStateMachine(
            maxOpenCalls: limits.maxOpenCalls,
            timing: .init(idleTimeout: limits.idleTimeout, acknowledgeTimeout: limits.goAwayAcknowledgeTimeout),
            pingData: pingData)
        self.budget = WriteBudget(limit: limits.maxQueuedWriteBytes)
        self.router = router
        self.authenticator = authenticator
        self.limits = limits
        self.ended = ended
        self.logger = logger
        self.metrics = metrics
        self.usesTLS = usesTLS
        self.idleMark = idleMark
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

    /// The connection's clock: the event loop's, so a testing loop's manual time drives it.
    private var now: NIODeadline { context?.eventLoop.now ?? .now() }

    // MARK: lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        remoteAddress = context.remoteAddress.map { "\($0)" } ?? ""
        // Behind TLS the idle clock starts with the handshake's end (the handshake has its own timeout).
        if !usesTLS { apply(state.ready(now: now)) }
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
        state.closed()
        cancelTimers()
        for waiting in budget.drain() { waiting.promise?.fail(RPCError(.cancelled, "connection closed")) }
        for (_, call) in live {
            call.deadlineTimer?.cancel()
            call.requests?.finish(RPCError(.cancelled, "connection closed"))
            call.race.cancel(.connectionClosed)
        }
        metrics?.callsEnded(live.count)
        live.removeAll()
        heldCalls.removeAll()
        for task in tasks.values { task.cancel() }
        if !endedReported {
            endedReported = true
            ended.succeed(Array(tasks.values))
        }
        tasks.removeAll()
    }

    private func cancelTimers() {
        idleTimer?.cancel()
        graceTimer?.cancel()
        acknowledgeTimer?.cancel()
        idleTimer = nil
        graceTimer = nil
        acknowledgeTimer = nil
    }

    // MARK: inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !state.isClosed else { return }
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
            idleMark.becameBusy()
            startCall(callID, open, context: context)
        case .rejectCall(let callID, let code, let detail):
            let requestID = RequestIDs.make()
            let trailers = ["x-request-id": requestID, unprocessedTrailer: "true"]
            writeControl(.close(callID: callID, RPCError(code, detail).closeMessage(trailers: trailers)))
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
            writeControl(.pong(data))
        case .goAwayAndClose(let code, let detail):
            goAwayAndClose(code, detail)
        case .lifecycle(let action):
            apply(action)
        case .none:
            break
        }
    }

    /// Carries out what the lifecycle decided.
    private func apply(_ action: ServerConnectionLifecycle.Action) {
        guard let context else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        switch action {
        case .none:
            break
        case .checkIdle(let deadline):
            idleMark.becameIdle(at: deadline - limits.idleTimeout)
            // One timer: calls starting and ending do not schedule and cancel timers (that cost
            // showed in the benchmark's profile); an early check answers with the next time.
            guard idleTimer == nil else { return }
            idleTimer = context.eventLoop.scheduleTask(deadline: deadline) {
                let handler = loopBound.value
                handler.idleTimer = nil
                handler.apply(handler.state.idleCheckDue(now: handler.now))
            }
        case .goAway(let detail, let ping, let acknowledgeBy, let graceEndsAt):
            writeControl(.goAway(.unavailable, detail))
            writeControl(.ping(ping))
            flushIfNeeded()
            acknowledgeTimer = context.eventLoop.scheduleTask(deadline: acknowledgeBy) {
                let handler = loopBound.value
                handler.acknowledgeTimer = nil
                handler.apply(handler.state.acknowledgeTimedOut())
            }
            if let graceEndsAt { apply(.endGrace(at: graceEndsAt)) }
        case .endGrace(let deadline):
            guard graceTimer == nil else { return }
            graceTimer = context.eventLoop.scheduleTask(deadline: deadline) {
                let handler = loopBound.value
                handler.graceTimer = nil
                handler.apply(handler.state.graceEnded(now: handler.now))
            }
        case .cancelOpenCalls(let closeBy):
            for callID in Array(live.keys) { cancel(callID, .shutdown) }
            guard !state.isClosed else { return }
            graceTimer = context.eventLoop.scheduleTask(deadline: closeBy) {
                let handler = loopBound.value
                handler.graceTimer = nil
                handler.apply(handler.state.closeDeadlinePassed())
            }
        case .close:
            close()
        }
    }

    private func startCall(_ callID: UInt32, _ open: Tibs_Rpc_V1_Open, context: ChannelHandlerContext) {
        // reason: the state machine only starts calls whose method it found in the router.
        guard let method = router.method(open.method), let bridge else { return }
        let requestID = CallContext.incomingRequestID(open.metadata)
        let deadline: NIODeadline? = open.timeoutMs > 0
            ? now + .milliseconds(Int64(clamping: min(open.timeoutMs, UInt64(Int64.max / 1_000_000))))
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
        // `started` is wall time on purpose: it only feeds the duration metric (`ServerMetrics`).
        live[callID] = LiveCall(race: race, requests: source, deadlineTimer: timer, method: open.method, started: .now(),
                                requestID: requestID, serial: serial)
        metrics?.callStarted()

        let callContext = CallContext(
            method: open.method, metadata: open.metadata, requestID: requestID, deadline: deadline,
            remoteAddress: remoteAddress, logger: logger)
        let io = CallIO(firstPayload: open.payload, requests: requests, sink: .connection(callID: callID, bridge))
        let call = ServerCall(
            callID: callID, serial: serial, method: method, context: callContext, io: io, race: race,
            connection: bridge, authenticator: authenticator)
        // While answers wait for room in the socket, new calls are accepted (their requests are
        // buffered, their deadlines run) but not run: running them would only add answers.
        if budget.isFull || !heldCalls.isEmpty {
            heldCalls.append(call)
        } else {
            run(call)
        }
    }

    private func run(_ call: ServerCall) {
        // A held call may have been cancelled (client, deadline, shutdown) while it waited.
        guard live[call.callID]?.serial == call.serial else { return }
        // reason: an unstructured task so its handle can be cancelled; `tasks` and `ended` tie its
        // lifetime to the connection task, which awaits it.
        let task = Self.startTask(call.method.start) { await call.run() }
        // A handler that never suspended has already answered (and `callEnded` ran) by now.
        guard live[call.callID]?.serial == call.serial else { return }
        tasks[call.serial] = task
        live[call.callID]?.task = task
    }

    /// Runs held calls, oldest first, while the write budget has room.
    private func runHeldCalls() {
        // One at a time: a call that answers at once may come back here through `written`.
        while !budget.isFull, !heldCalls.isEmpty { run(heldCalls.removeFirst()) }
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
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            apply(state.ready(now: now))
        }
        if let event = event as? ChannelEvent, event == .inputClosed {
            // The client will send nothing more; answer open calls, then close.
            apply(state.inputClosed())
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: outbound: call answers

    func writePayload(_ callID: UInt32, _ payload: Data, promise: EventLoopPromise<Void>) {
        guard let call = live[callID], !state.isClosed else {
            promise.fail(RPCError(.cancelled, "the call has ended"))
            return
        }
        var frame = Tibs_Rpc_V1_Frame()
        frame.callID = callID
        frame.payload = payload
        let buffer: ByteBuffer
        do {
            buffer = try FrameCoding.encode(frame)
        } catch {
            promise.fail(error)
            return
        }
        if let tooLarge = overFrameLimit(buffer) {
            promise.fail(tooLarge)
            if call.race.cancel(.responseTooLarge) { finishCall(callID, .error(tooLarge)) }
            call.task?.cancel()
            return
        }
        queueAnswer(PendingWrite(buffer: buffer, promise: promise, closes: nil))
    }

    /// RESOURCE_EXHAUSTED when an encoded frame is over the frame limit, which the server keeps
    /// for what it sends as well as for what it reads.
    private func overFrameLimit(_ buffer: ByteBuffer) -> RPCError? {
        let length = buffer.readableBytes - FrameDecoder.prefixLength
        guard length > limits.maxFrameLength else { return nil }
        return RPCError(.resourceExhausted,
                        "the response of \(length) bytes is over this connection's frame limit of \(limits.maxFrameLength) bytes")
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
        case .cancelled(.responseTooLarge):
            close = RPCError(.resourceExhausted, "a response message is over this connection's frame limit").closeMessage(trailers: trailers)
        case .cancelled(.connectionClosed):
            close = nil
        }
        var code = close.map { StatusCode(wire: $0.code) } ?? .cancelled
        let buffer = if let close, !state.isClosed { encodeClose(callID, close, trailers: trailers, code: &code) } else { ByteBuffer?.none }
        // Counted before the Close is written: a client that has its answer sees the call in a scrape.
        metrics?.record(method: call.method, code: code, since: call.started)
        if let buffer {
            queueAnswer(PendingWrite(buffer: buffer, promise: nil, closes: callID))
        } else {
            apply(state.callClosed(callID, now: now))
        }
        resumeReadingIfPossible()
    }

    /// The call's Close, encoded; one over the frame limit becomes RESOURCE_EXHAUSTED instead.
    private func encodeClose(_ callID: UInt32, _ close: Tibs_Rpc_V1_Close, trailers: [String: String], code: inout StatusCode) -> ByteBuffer? {
        do {
            let buffer = try FrameCoding.encode(.close(callID: callID, close))
            guard let tooLarge = overFrameLimit(buffer) else { return buffer }
            code = .resourceExhausted
            return try FrameCoding.encode(.close(callID: callID, tooLarge.closeMessage(trailers: trailers)))
        } catch {
            logger.error("could not encode a frame", metadata: ["error": "\(error)"])
            return nil
        }
    }

    func resumeRequests(for callID: UInt32) {
        pausedCalls.remove(callID)
        resumeReadingIfPossible()
    }

    // MARK: outbound: reads and writability (backpressure)

    func read(context: ChannelHandlerContext) {
        if mayRead(context) {
            context.read()
        } else {
            readPending = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        resumeReadingIfPossible()
        context.fireChannelWritabilityChanged()
    }

    private func mayRead(_ context: ChannelHandlerContext) -> Bool {
        context.channel.isWritable && pausedCalls.isEmpty && !budget.isFull
    }

    private func resumeReadingIfPossible() {
        guard readPending, let context, mayRead(context) else { return }
        readPending = false
        context.read()
    }

    // MARK: shutdown and protocol errors

    func beginGracefulShutdown(grace: TimeAmount, reason: String = ServerConnectionLifecycle.shuttingDown) {
        guard !closeIssued else { return }
        apply(state.shutdown(now: now, grace: grace, reason: reason))
    }

    private func goAwayAndClose(_ code: StatusCode, _ detail: String) {
        guard !closeIssued else { return }
        logger.debug("closing connection", metadata: ["peer": "\(remoteAddress)", "code": "\(code)", "detail": "\(detail)"])
        state.closed()
        writeControl(.goAway(code, detail))
        close()
    }

    private func close() {
        guard !closeIssued, let context else { return }
        closeIssued = true
        cancelTimers()
        flushIfNeeded()
        context.close(promise: nil)
    }

    // MARK: writing

    /// The bytes this connection has queued for its socket (tests observe the budget with it).
    var queuedWriteBytes: Int { budget.queuedBytes }
    /// Calls accepted and not yet answered on the socket (an answer waiting for room counts).
    var openCallCount: Int { state.openCallCount }
    var hasOpenCalls: Bool { state.openCallCount > 0 }
    /// Calls accepted but not run while the write budget is full.
    var heldCallCount: Int { heldCalls.count }

    /// Writes a call's answer if the budget has room; otherwise it waits its turn.
    private func queueAnswer(_ write: PendingWrite) {
        if let admitted = budget.admit(write, size: write.buffer.readableBytes) { send(admitted) }
    }

    /// Frames the connection itself sends (Pong, GoAway, Ping, refusals) are small and few, and
    /// go at once; they count against the budget like answers.
    private func writeControl(_ frame: Tibs_Rpc_V1_Frame) {
        do {
            send(PendingWrite(buffer: try FrameCoding.encode(frame), promise: nil, closes: nil))
        } catch {
            logger.error("could not encode a frame", metadata: ["error": "\(error)"])
        }
    }

    private func send(_ write: PendingWrite) {
        guard let context else {
            write.promise?.fail(RPCError(.cancelled, "connection closed"))
            return
        }
        let size = write.buffer.readableBytes
        let promise = write.promise ?? context.eventLoop.makePromise(of: Void.self)
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        promise.futureResult.whenComplete { _ in loopBound.value.written(size) }
        budget.wrote(size)
        context.write(wrapOutboundOut(write.buffer), promise: promise)
        scheduleFlush()
        if let callID = write.closes { apply(state.callClosed(callID, now: now)) }
    }

    /// The socket took `size` bytes: answers waiting for room go next, and reading may resume.
    private func written(_ size: Int) {
        budget.written(size)
        while let next = budget.next() { send(next) }
        runHeldCalls()
        resumeReadingIfPossible()
    }
}
