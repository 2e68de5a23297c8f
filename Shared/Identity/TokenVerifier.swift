import Crypto
import Foundation

/// Verifies TIBS bearer tokens offline against the issuers' Ed25519 public keys.
///
/// Holds several keys so an issuer key can be rotated: add the new key, start minting with it,
/// remove the old one once its tokens have expired. Checks, in order: three base64url parts, header
/// (`alg` EdDSA, known `kid`, no `crit`), signature, then claims (presence, role, regions, time).
/// Claims are only inspected after the signature verifies.
public struct TokenVerifier: Sendable {
    /// Tokens longer than this are refused before any decoding work.
    public static let maximumTokenLength = 8192

    /// The leeway when none is configured: 60 s.
    public static let defaultLeeway: Duration = .seconds(60)

    /// Tolerated clock difference between issuer and this host (RFC 7519's leeway): a token is
    /// still accepted for this long after its `exp`, and this long before its `nbf` (or `iat`).
    /// docs/PROTOCOL.md documents it; `tibsctl token inspect` counts it down.
    public let leeway: Duration

    /// `leeway` in seconds.
    public var allowedClockSkew: TimeInterval {
        Double(leeway.components.seconds) + Double(leeway.components.attoseconds) / 1e18
    }
    // Raw 32-byte public keys: swift-crypto's key types are not declared Sendable.
    private let keys: [String: Data]

    /// - Parameters:
    ///   - keys: trusted issuer public keys by key id (the `kid` the issuer writes).
    ///   - leeway: how long after `exp` (and before `nbf`) a token is still accepted; at least 0.
    public init(keys: [String: Curve25519.Signing.PublicKey], leeway: Duration = TokenVerifier.defaultLeeway) {
        self.keys = keys.mapValues { $0.rawRepresentation }
        self.leeway = max(.zero, leeway)
    }

    /// The key ids this verifier trusts.
    public var keyIDs: Set<String> { Set(keys.keys) }

    /// Verifies the value of an `Authorization` header, which must be exactly `Bearer <token>`
    /// (scheme spelt so, one space, no surrounding whitespace). `nil` means the header was absent.
    public func verify(authorizationHeader: String?, now: Date) throws(TokenError) -> Principal {
        guard let header = authorizationHeader, !header.isEmpty else { throw .missingCredentials }
        let prefix = "Bearer "
        guard header.hasPrefix(prefix) else { throw .malformedAuthorizationHeader }
        let token = header.dropFirst(prefix.count)
        guard !token.isEmpty, !token.contains(where: \.isWhitespace) else { throw .malformedAuthorizationHeader }
        return try verify(String(token), now: now)
    }

    /// Verifies a compact token and returns the caller it names.
    /// - Parameter now: the current time, passed in so tests (and replays of logs) control it.
    public func verify(_ token: String, now: Date) throws(TokenError) -> Principal {
        guard token.utf8.count <= Self.maximumTokenLength else {
            throw .malformed("token exceeds \(Self.maximumTokenLength) bytes")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("expected three dot-separated parts, found \(parts.count)") }
        guard let headerData = Base64URL.decode(parts[0]) else { throw .malformed("header is not base64url") }
        guard let payloadData = Base64URL.decode(parts[1]) else { throw .malformed("payload is not base64url") }
        guard let signature = Base64URL.decode(parts[2]) else { throw .malformed("signature is not base64url") }

        let header = try TokenJSON.decode(TokenHeader.self, from: headerData, part: "header")
        guard let alg = header.alg else { throw .malformed("header lacks 'alg'") }
        guard alg == TokenHeader.algorithm else { throw .unsupportedAlgorithm(alg) }
        guard header.crit == nil else { throw .malformed("header has unsupported critical parameters") }
        guard let keyID = header.kid else { throw .missingClaim("kid") }
        guard let rawKey = keys[keyID],
              let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: rawKey)
        else { throw .unknownKeyID(keyID) }

        let signingInput = Data(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        guard publicKey.isValidSignature(signature, for: signingInput) else { throw .badSignature }

        let claims = try TokenJSON.decode(TokenClaims.self, from: payloadData, part: "payload")
        return try principal(from: claims, keyID: keyID, now: now)
    }

    private func principal(from claims: TokenClaims, keyID: String, now: Date) throws(TokenError) -> Principal {
        guard claims.iss != nil else { throw .missingClaim("iss") }
        guard let subject = claims.sub else { throw .missingClaim("sub") }
        guard let roleName = claims.role else { throw .missingClaim("role") }
        guard let regions = claims.regions else { throw .missingClaim("regions") }
        guard let issuedAt = claims.iat else { throw .missingClaim("iat") }
        guard let expiry = claims.exp else { throw .missingClaim("exp") }
        guard let tokenID = claims.jti else { throw .missingClaim("jti") }
        guard !subject.isEmpty else { throw .invalidClaim("sub", reason: "subject is empty") }
        guard let role = Role(rawValue: roleName) else { throw .unknownRole(roleName) }
        if let bad = regions.first(where: { !RegionCode.isValid($0) }) {
            throw .invalidClaim("regions", reason: "'\(TokenError.clean(bad))' is not a NUTS code")
        }

        let expiresAt = Date(timeIntervalSince1970: TimeInterval(expiry))
        guard now < expiresAt.addingTimeInterval(allowedClockSkew) else { throw .expired(at: expiresAt) }
        let validFrom = Date(timeIntervalSince1970: TimeInterval(claims.nbf ?? issuedAt))
        guard now >= validFrom.addingTimeInterval(-allowedClockSkew) else { throw .notYetValid(until: validFrom) }

        return Principal(
            subject: subject, role: role, regions: Set(regions),
            keyID: keyID, expiresAt: expiresAt, tokenID: tokenID
        )
    }
}
