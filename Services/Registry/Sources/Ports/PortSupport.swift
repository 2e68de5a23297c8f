import Crypto
import Foundation
import SwiftProtobuf
import TIBSDomain
import TIBSProto
import TIBSRPC

/// Registry refusals answer the PROTOCOL.md status they name.
extension RegistryError: RPCErrorConvertible {
    public var rpcError: RPCError {
        switch self {
        case .notFound(let entity, let id): RPCError(.notFound, "\(entity) \(id) not found")
        case .alreadyExists(let what): RPCError(.alreadyExists, what)
        case .staleVersion(let entity, let id, let expected, let actual):
            RPCError(.aborted, "\(entity) \(id) is at version \(actual), not \(expected): read it again and retry")
        case .permissionDenied(let why): RPCError(.permissionDenied, why)
        }
    }
}

/// Helpers every registry handler uses.
enum PortSupport {
    static func caller(_ context: CallContext) throws -> Caller {
        Caller(principal: try context.requirePrincipal(), requestID: context.requestID, method: context.method)
    }

    /// The `idempotency-key` of the call, scoped to the caller and bound to the request's bytes.
    static func ticket(_ context: CallContext, _ request: some Message) throws -> IdempotencyTicket? {
        guard let key = context.idempotencyKey, !key.isEmpty else { return nil }
        guard key.count <= 200 else { throw ValidationErrors(field: "idempotency-key", "must be at most 200 characters") }
        let bytes: Data = try request.serializedBytes()
        return IdempotencyTicket(key: "\(try context.requirePrincipal().subject)|\(key)", requestDigest: Data(SHA256.hash(data: bytes)))
    }

    /// Runs `body`, placing the field paths of its violations under `prefix` (`fields`,
    /// `answers`): the domain names fields relative to the value it validates.
    static func under<T>(_ prefix: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ValidationErrors {
            var validator = Validator()
            validator.merge(error, under: prefix)
            throw ValidationErrors(validator.violations)
        }
    }

    /// An entity id from a request: required and a UUID, else a violation on `field`.
    static func id(_ value: String, field: String = "id") throws(ValidationErrors) -> String {
        let id = TextRules.trimmed(value)
        guard !id.isEmpty else { throw ValidationErrors(field: field, "is required") }
        guard UUIDv7Generator.isValid(id) else { throw ValidationErrors(field: field, "must be an id as the registry hands out (a UUIDv7)") }
        return id
    }

    /// `expected_version` of an update: required (the version the client read).
    static func expectedVersion(_ value: UInt64) throws(ValidationErrors) -> Int64 {
        guard value > 0 else {
            throw ValidationErrors(field: "expected_version", "is required: send the version you read, so concurrent changes are not overwritten")
        }
        return Int64(clamping: value)
    }

    static func pageInfo(_ nextAfter: String?, total: Int?, fingerprint: String) -> Tibs_Common_V1_PageInfo {
        .with {
            if let nextAfter { $0.nextPageToken = PageToken.make(after: nextAfter, filterFingerprint: fingerprint) }
            if let total { $0.totalSize = UInt64(total) }
        }
    }

    static func decodeReplay<Response: Message>(_ bytes: Data) throws -> Response {
        try Response(serializedBytes: bytes)
    }
}

/// The protobuf form of the registry's feed payloads and stored responses.
enum ProtoCodec {
    static let codec = RegistryCodec(
        sme: { try EntityMapping.proto($0).serializedBytes() },
        posting: { $0.side == .need ? try EntityMapping.need($0).serializedBytes() : try EntityMapping.offer($0).serializedBytes() },
        survey: { try SurveyMapping.proto($0).serializedBytes() },
        broker: { try SurveyMapping.proto($0).serializedBytes() },
        payloadType: { type in
            switch type {
            case .sme: Tibs_Registry_V1_Sme.protoMessageName
            case .need: Tibs_Registry_V1_Need.protoMessageName
            case .offer: Tibs_Registry_V1_Offer.protoMessageName
            case .survey: Tibs_Registry_V1_Survey.protoMessageName
            case .broker: Tibs_Registry_V1_Broker.protoMessageName
            }
        },
        withoutContacts: { method, response in
            guard method == RegistryMethods.createSme else { return nil }
            var sme = try Tibs_Registry_V1_Sme(serializedBytes: response)
            guard !sme.fields.contacts.isEmpty else { return nil }
            sme.fields.contacts = []
            sme.personalDataErased = true
            return try sme.serializedBytes()
        })
}
