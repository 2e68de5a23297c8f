import TIBSDomain
import TIBSRPC
import TIBSStore

/// Domain validation answers INVALID_ARGUMENT with one violation per broken rule.
extension ValidationErrors: RPCErrorConvertible {
    public var rpcError: RPCError {
        RPCError.invalidArgument(violations.map { Violation(field: $0.field, description: $0.description) })
    }
}

/// Store conditions answer the status they name (PROTOCOL.md error table).
extension StoreError: RPCErrorConvertible {
    public var rpcError: RPCError {
        let code = StatusCode(wire: rpcStatusCode)
        // INTERNAL and DATA_LOSS details may name files and SQL: keep them in the logs.
        switch code {
        case .internal, .dataLoss: return RPCError(code, "internal error")
        default: return RPCError(code, description)
        }
    }
}
