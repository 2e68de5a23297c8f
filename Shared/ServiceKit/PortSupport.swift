import Crypto
import Foundation
import SwiftProtobuf
import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp

/// What every service's RPC handlers (its Ports) do the same way: who calls, idempotency
/// tickets, ids and versions from requests, violation paths, replays and paging.
public enum PortSupport {
    /// The caller of `context`: its principal (UNAUTHENTICATED without one), request id and method.
    public static func caller(_ context: CallContext) throws -> Caller {
        Caller(principal: try context.requirePrincipal(), requestID: context.requestID, method: context.method)
    }

    /// Longest `idempotency-key` accepted.
    public static let maxIdempotencyKeyLength = 200

    /// The `idempotency-key` of the call, scoped to the caller and bound to the request's bytes;
    /// nil without a key.
    public static func ticket(_ context: CallContext, _ request: some Message) throws -> IdempotencyTicket? {
        guard let key = context.idempotencyKey, !key.isEmpty else { return nil }
        guard key.count <= maxIdempotencyKeyLength else {
            // An RPCError, not ValidationErrors: the violation names the metadata key, never a path
            // under the request's fields.
            throw RPCError.invalidArgument([Violation(field: "idempotency-key",
                                                      description: "must be at most \(maxIdempotencyKeyLength) characters")])
        }
        let bytes: Data = try request.serializedBytes()
        return IdempotencyTicket(key: "\(try context.requirePrincipal().subject)|\(key)", requestDigest: Data(SHA256.hash(data: bytes)))
    }

    /// Runs `body`, placing the field paths of its violations under `prefix` (`fields`,
    /// `answers`): the domain names fields relative to the value it validates.
    public static func under<T>(_ prefix: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ValidationErrors {
            var validator = Validator()
            validator.merge(error, under: prefix)
            throw ValidationErrors(validator.violations)
        }
    }

    /// An entity id from a request: required and a UUID, else a violation on `field`.
    public static func id(_ value: String, field: String = "id") throws(ValidationErrors) -> String {
        let id = TextRules.trimmed(value)
        guard !id.isEmpty else { throw ValidationErrors(field: field, "is required") }
        guard UUIDv7Generator.isValid(id) else { throw ValidationErrors(field: field, "must be an id as the service hands out (a UUIDv7)") }
        return id
    }

    /// `expected_version` of an update: required (the version the client read).
    public static func expectedVersion(_ value: UInt64, field: String = "expected_version") throws(ValidationErrors) -> Int64 {
        guard value > 0 else {
            throw ValidationErrors(field: field, "is required: send the version you read, so concurrent changes are not overwritten")
        }
        return Int64(clamping: value)
    }

    /// The stored response of an idempotent create, as the method's response message.
    public static func decodeReplay<Response: Message>(_ bytes: Data) throws -> Response {
        try Response(serializedBytes: bytes)
    }

    /// Answers a create under an idempotency key: the new value mapped to its message, or the
    /// stored response of the first request.
    public static func answer<Value, Response: Message>(_ created: Created<Value>, _ map: (Value) throws -> Response) throws -> Response {
        switch created {
        case .new(let value): try map(value)
        case .replayed(let bytes): try decodeReplay(bytes)
        }
    }

    /// The page a list request asks for (`tibs.common.v1.PageRequest page = 1` of every
    /// List*Request), its token bound to `filter` of `listing`; violations on `page.*`. The
    /// token's cursor is an entity id unless `isCursor` says otherwise.
    public static func page(_ request: Tibs_Common_V1_PageRequest, listing: String, filter: some PageFilter,
                            isCursor: (String) -> Bool = UUIDv7Generator.isValid) throws(ValidationErrors) -> (PageRequest, fingerprint: String) {
        let fingerprint = filter.pageFingerprint(listing: listing)
        return (try PageToken.request(size: request.pageSize, token: request.pageToken, fingerprint: fingerprint, isCursor: isCursor), fingerprint)
    }

    /// The `PageInfo` of an answered page: the next token (bound to the same filter) and the total.
    public static func pageInfo<Item>(_ page: Page<Item>, fingerprint: String) -> Tibs_Common_V1_PageInfo {
        .with {
            if let nextAfter = page.nextAfter { $0.nextPageToken = PageToken.make(after: nextAfter, filterFingerprint: fingerprint) }
            if let total = page.total { $0.totalSize = UInt64(total) }
        }
    }
}
