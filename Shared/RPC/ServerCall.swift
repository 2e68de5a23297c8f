import Foundation
import Logging
import NIOCore
import NIOConcurrencyHelpers
import TIBSIdentity

/// Why a running call was stopped before its handler returned.
enum CancelReason: Sendable, Equatable {
    case client
    case deadline
    case connectionClosed
    /// The server's grace period ran out during shutdown.
    case shutdown
    /// A response message would not fit in one frame; the call ends RESOURCE_EXHAUSTED.
    case responseTooLarge
}

/// How a call ended; the connection turns it into the call's Close frame.
enum CallOutcome: Sendable {
    case response(Data?)
    case error(RPCError)
    case cancelled(CancelReason)
}

/// Decides, once, whether a call ends by its handler returning or by being cancelled.
///
/// Exactly one of `handlerFinished()` and `cancel(_:)` wins; the loser learns it lost, so a call
/// is answered exactly once.
final class CallRace: Sendable {
    private let decided = NIOLockedValueBox(false)

    /// True if the handler finished first (its outcome is the answer).
    func handlerFinished() -> Bool { decide(nil) }

    /// True if the cancellation came first (the handler's outcome will be dropped).
    @discardableResult
    func cancel(_ reason: CancelReason) -> Bool { decide(reason) }

    private func decide(_ reason: CancelReason?) -> Bool {
        decided.withLockedValue { decided in
            if decided { return false }
            decided = true
            return true
        }
    }
}

/// Checks a call's token against its method's access rule before the handler runs.
public protocol CallAuthenticator: Sendable {
    /// Returns the verified caller, or throws UNAUTHENTICATED / PERMISSION_DENIED as an `RPCError`.
    func authenticate(metadata: [String: String], access: AccessRule) throws -> Principal
}

/// Errors from other modules (domain validation, store conflicts) that know their RPC status.
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}

/// One accepted call. Its connection runs it in a task of its own and keeps the handle, so a
/// cancel (client, deadline, shutdown, lost connection) reaches exactly this handler.
struct ServerCall: Sendable {
    let callID: UInt32
    /// Unique on the connection (call ids are reused).
    let serial: UInt64
    let method: RegisteredMethod
    let context: CallContext
    let io: CallIO
    let race: CallRace
    let connection: ConnectionBridge
    let authenticator: (any CallAuthenticator)?

    /// Runs the handler; answers unless a cancel answered first. Always reports its end, so the
    /// connection stops tracking the task.
    func run() async {
        let outcome = await invoke()
        connection.finish(callID, serial: serial, outcome, handlerWon: race.handlerFinished())
    }

    private func invoke() async -> CallOutcome {
        await method.answer(io, context, authenticator: authenticator)
    }
}

extension RegisteredMethod {
    /// Checks the caller's token against the method's access rule, runs the handler and turns
    /// what it throws into the status the call ends with: one path for every protocol a method
    /// is served on (TIBS-RPC here, gRPC through ``ForeignMethod``). Never `.cancelled`.
    func answer(_ io: CallIO, _ context: CallContext, authenticator: (any CallAuthenticator)?) async -> CallOutcome {
        var context = context
        do {
            if descriptor.access != .anyone {
                guard let authenticator else {
                    throw RPCError(.unauthenticated, "this server has no token verification configured")
                }
                context.principal = try authenticator.authenticate(metadata: context.metadata, access: descriptor.access)
            }
            return .response(try await run(io, context))
        } catch let error as RPCError {
            return .error(error)
        } catch let error as any RPCErrorConvertible {
            return .error(error.rpcError)
        } catch is CancellationError {
            return .error(RPCError(.cancelled, "the call was cancelled"))
        } catch {
            context.logger.error("handler failed", metadata: ["error": "\(String(reflecting: error))"])
            return .error(RPCError(.internal, "internal error (request id \(context.requestID))"))
        }
    }
}
