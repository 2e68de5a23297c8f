import Foundation

/// The verified caller, produced only by ``TokenVerifier``; services authorise on this, never on raw claims.
///
/// `regions` is the region scope: NUTS codes (upper-case), where an entry also covers its NUTS
/// descendants ("PL84" covers "PL841"; the country code "LV" covers every Latvian region).
public struct Principal: Sendable, Equatable {
    /// Who the token was minted for (`sub`); this is the "who" written to audit records.
    public var subject: String
    public var role: Role
    /// Region scope as NUTS codes; only meaningful for ``Role/broker`` writes.
    public var regions: Set<String>
    /// Issuer key that signed the token (`kid`), useful when auditing a key rotation.
    public var keyID: String
    public var expiresAt: Date
    /// The token's unique id (`jti`), for audit and revocation lists.
    public var tokenID: String

    /// Memberwise; services get principals from ``TokenVerifier``, tests may build them directly.
    public init(
        subject: String,
        role: Role,
        regions: Set<String>,
        keyID: String,
        expiresAt: Date,
        tokenID: String
    ) {
        self.subject = subject
        self.role = role
        self.regions = regions
        self.keyID = keyID
        self.expiresAt = expiresAt
        self.tokenID = tokenID
    }

    /// Every role may read; present so call sites state the check they rely on.
    public var canRead: Bool { true }

    /// True for roles that may mutate in any region and perform non-regional mutations (admin, service).
    public var canWriteAnyRegion: Bool {
        role == .admin || role == .service
    }

    /// Whether this caller may create or change data belonging to `region` (a NUTS code, any level).
    /// Admin and service: always. Broker: only when ``isInScope(region:)``. Analyst and integrator: never.
    public func canWrite(region: String) -> Bool {
        switch role {
        case .admin, .service: true
        case .broker: isInScope(region: region)
        case .analyst, .integrator: false
        }
    }

    /// Whether `region` equals, or is a NUTS descendant of, an entry of ``regions`` (case-insensitive).
    public func isInScope(region: String) -> Bool {
        let code = region.uppercased()
        guard RegionCode.isValid(code) else { return false }
        return regions.contains { scope in code.hasPrefix(scope.uppercased()) }
    }
}

/// NUTS code syntax: two-letter country code followed by up to three level characters (e.g. "PL", "PL8", "PL84", "PL841").
enum RegionCode {
    static func isValid(_ code: String) -> Bool {
        let scalars = Array(code.unicodeScalars)
        guard (2...5).contains(scalars.count) else { return false }
        let isUpper: (Unicode.Scalar) -> Bool = { ("A"..."Z").contains($0) }
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        return isUpper(scalars[0]) && isUpper(scalars[1])
            && scalars.dropFirst(2).allSatisfy { isUpper($0) || isDigit($0) }
    }
}
