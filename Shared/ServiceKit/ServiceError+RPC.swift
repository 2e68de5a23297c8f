import TIBSRPC
import TIBSServiceApp

/// Use-case refusals answer the PROTOCOL.md status they name.
extension ServiceError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound: RPCError(.notFound, summary)
        case .alreadyExists: RPCError(.alreadyExists, summary)
        case .staleVersion: RPCError(.aborted, summary)
        case .permissionDenied: RPCError(.permissionDenied, summary)
        case .failedPrecondition: RPCError(.failedPrecondition, summary)
        }
    }
}
