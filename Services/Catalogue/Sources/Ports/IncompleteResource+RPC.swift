import TIBSRPC

/// A refused publication answers FAILED_PRECONDITION with one violation per missing item.
extension IncompleteResource: RPCErrorConvertible {
    public var rpcError: RPCError {
        RPCError(.failedPrecondition,
                 "the resource is \(score.percent) % complete; publishing needs \(Completeness.threshold) % and every required item",
                 violations: score.failed.map { Violation(field: "fields." + $0.name, description: $0.hint) })
    }
}
