import Foundation
import NIOCore

/// Request messages of a client-streaming call, buffered between the connection and the handler.
/// Above the high watermark the connection stops reading from the socket until the handler catches up.
typealias RawRequestStream = MessageStream

/// Serialized messages of one call in arrival order, buffered between a connection and a task.
/// The same shape serves server-side request streams and client-side response streams.
typealias MessageStream = NIOThrowingAsyncSequenceProducer<
    Data, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, StreamDemand
>

/// Tells a connection that a call's buffer has drained below its low watermark, so it may read again.
struct StreamDemand: NIOAsyncSequenceProducerDelegate {
    let onDemand: @Sendable () -> Void

    func produceMore() { onDemand() }
    func didTerminate() {}
}

extension MessageStream {
    static func make(highWatermark: Int, onDemand: @escaping @Sendable () -> Void) -> NewSequence {
        makeSequence(
            backPressureStrategy: .init(lowWatermark: Swift.max(1, highWatermark / 4), highWatermark: highWatermark),
            finishOnDeinit: false,
            delegate: StreamDemand(onDemand: onDemand))
    }
}

/// Where a server-streaming handler's messages go: written in order, one at a time — to the
/// TIBS-RPC connection the call came in on, or to another protocol's call (``ForeignMethod``).
enum ResponseSink: Sendable {
    case connection(callID: UInt32, ConnectionBridge)
    case foreign(@Sendable (Data) async throws -> Void)

    /// Completes once the message is written to the socket; fails when the call has ended.
    func send(_ payload: Data) async throws {
        switch self {
        case .connection(let callID, let connection): try await connection.sendPayload(callID, payload).get()
        case .foreign(let write): try await write(payload)
        }
    }
}

/// The thread-safe face of a `ServerConnectionHandler`: call tasks use it to answer; every
/// method hops onto the connection's event loop (through the handler's inbox, so answers from
/// many tasks share one event-loop task).
struct ConnectionBridge: Sendable {
    let eventLoop: any EventLoop
    let handler: NIOLoopBound<ServerConnectionHandler>
    let inbox: LoopInbox<ServerConnectionHandler>

    func sendPayload(_ callID: UInt32, _ payload: Data) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        run { $0.writePayload(callID, payload, promise: promise) }
        return promise.futureResult
    }

    func finish(_ callID: UInt32, serial: UInt64, _ outcome: CallOutcome, handlerWon: Bool) {
        run { $0.callEnded(callID, serial: serial, outcome, handlerWon: handlerWon) }
    }

    func resumeRequests(_ callID: UInt32) {
        run { $0.resumeRequests(for: callID) }
    }

    /// Starts graceful shutdown: GoAway (`reason` its detail), refuse new calls, close when open
    /// calls end or `grace` passes.
    func shutdown(grace: TimeAmount, reason: String = ServerConnectionLifecycle.shuttingDown) {
        run { $0.beginGracefulShutdown(grace: grace, reason: reason) }
    }

    private func run(_ body: @escaping @Sendable (ServerConnectionHandler) -> Void) {
        inbox.run(body, on: eventLoop, to: handler)
    }
}
