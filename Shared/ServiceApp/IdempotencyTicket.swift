import Foundation

/// An `idempotency-key` with the digest of the request it came with.
public struct IdempotencyTicket: Sendable {
    /// Already scoped to the caller (subject + client key), so two clients never collide.
    public var key: String
    public var requestDigest: Data

    public init(key: String, requestDigest: Data) {
        self.key = key
        self.requestDigest = requestDigest
    }
}
