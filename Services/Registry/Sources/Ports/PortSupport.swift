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

/// The protobuf form of the registry's values: feed payloads, stored idempotent responses and
/// the records of its tables.
struct ProtoCodec: RegistryCoding {
    func encode(_ sme: SMEView) throws -> Data { try EntityMapping.proto(sme).serializedBytes() }
    func encode(_ posting: Posting) throws -> Data {
        posting.side == .need ? try EntityMapping.need(posting).serializedBytes() : try EntityMapping.offer(posting).serializedBytes()
    }
    func encode(_ survey: Survey) throws -> Data { try SurveyMapping.proto(survey).serializedBytes() }
    func encode(_ broker: Broker) throws -> Data { try SurveyMapping.proto(broker).serializedBytes() }
    func encode(_ contact: ContactPerson) throws -> Data { try EntityMapping.proto(contact).serializedBytes() }

    func decodeSME(_ data: Data) throws -> SME { EntityMapping.sme(try Tibs_Registry_V1_Sme(serializedBytes: data)) }
    func decodePosting(_ data: Data, side: PostingSide) throws -> Posting {
        switch side {
        case .need: EntityMapping.posting(try Tibs_Registry_V1_Need(serializedBytes: data))
        case .offer: EntityMapping.posting(try Tibs_Registry_V1_Offer(serializedBytes: data))
        }
    }
    func decodeSurvey(_ data: Data) throws -> Survey { SurveyMapping.survey(try Tibs_Registry_V1_Survey(serializedBytes: data)) }
    func decodeBroker(_ data: Data) throws -> Broker { SurveyMapping.broker(try Tibs_Registry_V1_Broker(serializedBytes: data)) }
    func decodeContact(_ data: Data) throws -> ContactPerson {
        EntityMapping.contact(try Tibs_Registry_V1_ContactPerson(serializedBytes: data))
    }

    func payloadType(_ type: EntityType) -> String {
        switch type {
        case .sme: Tibs_Registry_V1_Sme.protoMessageName
        case .need: Tibs_Registry_V1_Need.protoMessageName
        case .offer: Tibs_Registry_V1_Offer.protoMessageName
        case .survey: Tibs_Registry_V1_Survey.protoMessageName
        case .broker: Tibs_Registry_V1_Broker.protoMessageName
        }
    }

    func withoutContacts(method: String, response: Data) throws -> Data? {
        guard method == RegistryMethods.createSme else { return nil }
        var sme = try Tibs_Registry_V1_Sme(serializedBytes: response)
        guard !sme.fields.contacts.isEmpty else { return nil }
        sme.fields.contacts = []
        sme.personalDataErased = true
        return try sme.serializedBytes()
    }
}
