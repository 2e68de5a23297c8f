import Crypto
import Foundation

/// Mints TIBS bearer tokens (compact JWS, `alg: EdDSA`, RFC 8037). Used by `tibsctl token issue` and tests;
/// services never hold an issuer, only a ``TokenVerifier`` with the public keys.
public struct TokenIssuer: Sendable {
    /// Written to the `iss` claim (e.g. "tibs-admin").
    public let issuer: String
    /// Written to the header's `kid`; verifiers select the public key by it, so it must be unique per key.
    public let keyID: String
    // Raw 32-byte seed: swift-crypto's key types are not declared Sendable.
    private let seed: Data

    public init(issuer: String, keyID: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.issuer = issuer
        self.keyID = keyID
        self.seed = privateKey.rawRepresentation
    }

    /// The public half, to hand to verifiers (see ``IssuerKeyFile``).
    public var publicKey: Curve25519.Signing.PublicKey {
        privateKey.publicKey
    }

    /// Returns a signed token valid from `now` (truncated to whole seconds) for `ttl` seconds.
    ///
    /// - Parameters:
    ///   - regions: the region scope as NUTS codes; normalised to upper case. May be empty for roles
    ///     that do not write per region.
    ///   - notBefore: optional `nbf`, for tokens handed out before they may be used.
    ///   - tokenID: the `jti`; a random UUID unless given.
    /// - Throws: ``TokenError/invalidClaim(_:reason:)`` for an empty subject, a bad NUTS code or a `ttl`
    ///   outside 1 s ... ``maximumTTL``;
    ///   encoding or signing errors otherwise.
    public func mint(
        subject: String,
        role: Role,
        regions: Set<String>,
        ttl: TimeInterval,
        now: Date,
        notBefore: Date? = nil,
        tokenID: String = UUID().uuidString.lowercased()
    ) throws -> String {
        guard !subject.isEmpty else { throw TokenError.invalidClaim("sub", reason: "subject is empty") }
        guard ttl >= 1, ttl <= Self.maximumTTL else {
            throw TokenError.invalidClaim("exp", reason: "ttl must be between one second and 100 years")
        }
        let codes = regions.map { $0.uppercased() }.sorted()
        if let bad = codes.first(where: { !RegionCode.isValid($0) }) {
            throw TokenError.invalidClaim("regions", reason: "'\(TokenError.clean(bad))' is not a NUTS code")
        }
        guard let issuedAt = Self.numericDate(now) else { throw TokenError.invalidClaim("iat", reason: "now is not a valid time") }
        let header = TokenHeader(alg: TokenHeader.algorithm, typ: "JWT", kid: keyID)
        let claims = TokenClaims(
            iss: issuer, sub: subject, role: role.rawValue, regions: codes,
            iat: issuedAt, nbf: notBefore.flatMap(Self.numericDate), exp: issuedAt + Int64(ttl.rounded(.down)), jti: tokenID
        )
        let signingInput = Base64URL.encode(try TokenJSON.encode(header)) + "." + Base64URL.encode(try TokenJSON.encode(claims))
        let signature = try privateKey.signature(for: Data(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// Upper bound for `ttl`, keeping `exp` far from Int64 overflow.
    public static let maximumTTL: TimeInterval = 100 * 365 * 86_400

    /// Whole seconds since 1970, or nil for NaN/infinite/out-of-range dates.
    private static func numericDate(_ date: Date) -> Int64? {
        Int64(exactly: date.timeIntervalSince1970.rounded(.down))
    }

    private var privateKey: Curve25519.Signing.PrivateKey {
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)  // reason: seed is a valid key's 32 raw bytes (init)
    }
}
