import TIBSIdentity

/// Who is calling, for authorisation, the audit log and the change feed. The ports build it
/// from the call (``HandlerSupport/caller(_:)`` in TIBSServiceKit); use cases take it as is.
public struct Caller: Sendable {
    public var principal: Principal
    public var requestID: String
    /// The RPC method path, written to the audit log and keyed in idempotency records.
    public var method: String

    public init(principal: Principal, requestID: String, method: String) {
        self.principal = principal
        self.requestID = requestID
        self.method = method
    }
}
