import Foundation

/// Why a token was refused (or could not be minted).
///
/// ``description`` is written to be returned to the client as is: it names the failed check and never
/// contains the token. Values copied from the token (key id, role, algorithm) are shortened and
/// stripped of control characters first.
public enum TokenError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No `Authorization` value at all.
    case missingCredentials
    /// An `Authorization` value that is not exactly `Bearer <token>`.
    case malformedAuthorizationHeader
    /// Not a compact JWS of three base64url parts carrying JSON objects; the reason says which part.
    case malformed(String)
    /// The header's `alg` is not `EdDSA` (this includes `none`).
    case unsupportedAlgorithm(String)
    /// The header's `kid` names no key the verifier trusts.
    case unknownKeyID(String)
    case badSignature
    /// `exp` (plus allowed skew) has passed.
    case expired(at: Date)
    /// `nbf` (or `iat` when `nbf` is absent) lies in the future beyond the allowed skew.
    case notYetValid(until: Date)
    /// A required claim (or the `kid` header) is absent.
    case missingClaim(String)
    case unknownRole(String)
    /// A claim has the right type but an unacceptable value (bad NUTS code, empty subject, non-positive TTL).
    case invalidClaim(String, reason: String)

    public var description: String {
        switch self {
        case .missingCredentials:
            "no bearer token supplied"
        case .malformedAuthorizationHeader:
            "authorization must be 'Bearer <token>'"
        case .malformed(let reason):
            "malformed token: \(reason)"
        case .unsupportedAlgorithm(let alg):
            "unsupported token algorithm '\(Self.clean(alg))'; only EdDSA is accepted"
        case .unknownKeyID(let kid):
            "unknown signing key id '\(Self.clean(kid))'"
        case .badSignature:
            "signature does not verify"
        case .expired(let date):
            "token expired at \(Self.timestamp(date))"
        case .notYetValid(let date):
            "token not valid before \(Self.timestamp(date))"
        case .missingClaim(let name):
            "token lacks the '\(Self.clean(name))' claim"
        case .unknownRole(let role):
            "unknown role '\(Self.clean(role))'"
        case .invalidClaim(let name, let reason):
            "invalid '\(Self.clean(name))' claim: \(reason)"
        }
    }

    /// RFC 3339 UTC, whole seconds (token times are whole seconds).
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// At most 40 printable ASCII characters of a value that came from the token.
    static func clean(_ value: String) -> String {
        let printable = value.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }
        let text = String(String.UnicodeScalarView(printable.prefix(40)))
        return printable.count > 40 ? text + "…" : text
    }
}
