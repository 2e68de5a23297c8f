import Foundation
import Logging
import NIOCore
import TIBSIdentity

/// What a handler knows about the call it serves.
///
/// `principal` is set by the server connection before the handler runs, once the connection's
/// `CallAuthenticator` (`TokenAuthenticator`) has verified the caller's token; it is `nil` only
/// for methods that need no token (health) or on a server run without an authenticator (tests). `logger` already carries `request-id` and `method`.
public struct CallContext: Sendable {
    /// Full method path, "/tibs.registry.v1.SmeRegistry/GetSme".
    public let method: String
    /// Request metadata, keys lower-case.
    public let metadata: [String: String]
    /// From `x-request-id`, or generated when absent; echoed in the Close trailers.
    public let requestID: String
    /// When the call's deadline passes, or `nil` for none.
    public let deadline: NIODeadline?
    /// The verified caller.
    public internal(set) var principal: Principal?
    /// The peer's address, for logs.
    public let remoteAddress: String
    private let baseLogger: Logger

    /// The server's logger with this call's `request-id`, `method` and (once verified) `subject`.
    /// Built when asked for, so calls that log nothing pay nothing for it.
    public var logger: Logger {
        var logger = baseLogger
        logger[metadataKey: "request-id"] = "\(requestID)"
        logger[metadataKey: "method"] = "\(method)"
        if let principal { logger[metadataKey: "subject"] = "\(principal.subject)" }
        return logger
    }

    public init(
        method: String,
        metadata: [String: String],
        requestID: String,
        deadline: NIODeadline?,
        principal: Principal? = nil,
        remoteAddress: String = "",
        logger: Logger
    ) {
        self.method = method
        self.metadata = metadata
        self.requestID = requestID
        self.deadline = deadline
        self.principal = principal
        self.remoteAddress = remoteAddress
        self.baseLogger = logger
    }

    /// The verified caller, or UNAUTHENTICATED for a method that was registered without a token check.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw RPCError.unauthenticated("this method needs a bearer token") }
        return principal
    }

    /// Throws PERMISSION_DENIED unless the caller may write data of `region` (a NUTS code).
    public func requireWrite(region: String) throws {
        let principal = try requirePrincipal()
        guard principal.canWrite(region: region) else {
            throw RPCError.permissionDenied("\(principal.role.rawValue) '\(principal.subject)' may not write data of region \(region)")
        }
    }

    /// The `idempotency-key` metadata value, if the client sent one.
    public var idempotencyKey: String? { metadata["idempotency-key"] }
}
