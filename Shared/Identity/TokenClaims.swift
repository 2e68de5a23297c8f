import Foundation

/// JOSE header of a TIBS token. Every field is optional so the verifier can say which one is missing.
struct TokenHeader: Codable, Equatable {
    var alg: String?
    var typ: String?
    var kid: String?
    /// RFC 7515 §4.1.11: we understand no critical extensions, so any `crit` makes the token invalid.
    var crit: [String]?

    static let algorithm = "EdDSA"
}

/// JWT claims of a TIBS token; times are NumericDate (whole seconds since 1970).
/// Every field is optional so the verifier can name the missing claim.
struct TokenClaims: Codable, Equatable {
    var iss: String?
    var sub: String?
    var role: String?
    var regions: [String]?
    var iat: Int64?
    var nbf: Int64?
    var exp: Int64?
    var jti: String?
}

/// The JSON side of compact JWS: stable encoding for minting, shape checks for verifying.
enum TokenJSON {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, part: String) throws(TokenError) -> T {
        // A JSON object is required; JSONDecoder would also accept e.g. a bare `null` for all-optional structs.
        guard data.first(where: { !$0.isJSONWhitespace }) == UInt8(ascii: "{") else {
            throw .malformed("\(part) is not a JSON object")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .malformed("\(part) is not valid JSON of the expected shape")
        }
    }
}

extension UInt8 {
    fileprivate var isJSONWhitespace: Bool {
        self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D
    }
}
