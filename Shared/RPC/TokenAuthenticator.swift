import Foundation
import NIOConcurrencyHelpers
import TIBSIdentity

/// Verifies the `authorization: Bearer <token>` metadata of every call offline, then applies the
/// method's access rule: a missing or bad token is UNAUTHENTICATED, a role the rule does not allow
/// is PERMISSION_DENIED.
public struct TokenAuthenticator: CallAuthenticator {
    public let verifier: TokenVerifier
    private let clock: @Sendable () -> Date
    private let verified = VerifiedTokens(capacity: 4096)

    public init(verifier: TokenVerifier, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.verifier = verifier
        self.clock = clock
    }

    public func authenticate(metadata: [String: String], access: AccessRule) throws -> Principal {
        let header = metadata["authorization"]
        let now = clock()
        let principal: Principal
        if let header, let known = verified.principal(for: header),
           now < known.expiresAt.addingTimeInterval(verifier.allowedClockSkew) {
            principal = known
        } else {
            do {
                principal = try verifier.verify(authorizationHeader: header, now: now)
            } catch {
                throw RPCError.unauthenticated(error.description)
            }
            if let header { verified.remember(principal, for: header) }
        }
        switch access {
        case .anyone, .authenticated:
            return principal
        case .roles(let roles):
            guard roles.contains(principal.role) else {
                let allowed = roles.map(\.rawValue).sorted().joined(separator: ", ")
                throw RPCError.permissionDenied("role '\(principal.role.rawValue)' may not call this method (allowed: \(allowed))")
            }
            return principal
        }
    }
}

/// Tokens whose signature has been verified, so a client's repeated calls cost one Ed25519
/// verification, not one each. A token's bytes fix its claims, so only expiry needs rechecking.
/// Bounded: when full it starts afresh (tokens are few per server; the bound stops abuse).
final class VerifiedTokens: Sendable {
    private let entries = NIOLockedValueBox<[String: Principal]>([:])
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func principal(for header: String) -> Principal? { entries.withLockedValue { $0[header] } }

    func remember(_ principal: Principal, for header: String) {
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[header] = principal
        }
    }
}
