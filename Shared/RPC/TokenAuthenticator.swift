import Foundation
import Synchronization
import TIBSIdentity

/// Verifies the `authorization: Bearer <token>` metadata of every call offline, then applies the
/// method's access rule: a missing or bad token is UNAUTHENTICATED, a role the rule does not allow
/// is PERMISSION_DENIED.
///
/// Verified tokens are remembered until they expire (at most ``VerifiedTokens/capacity`` of
/// them), because a client sends the same token with every call and verifying it — base64url,
/// JSON, an Ed25519 signature — costs more than many calls' own work. Only successes are
/// remembered, and a remembered token is refused again the moment its `exp` passes.
public struct TokenAuthenticator: CallAuthenticator {
    public let verifier: TokenVerifier
    private let clock: @Sendable () -> Date
    private let verified = VerifiedTokens()

    public init(verifier: TokenVerifier, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.verifier = verifier
        self.clock = clock
    }

    public func authenticate(metadata: [String: String], access: AccessRule) throws -> Principal {
        let principal: Principal
        let header = metadata["authorization"]
        let now = clock()
        if let header, let known = verified.principal(for: header, now: now) {
            principal = known
        } else {
            do {
                principal = try verifier.verify(authorizationHeader: header, now: now)
            } catch {
                throw RPCError.unauthenticated(error.description)
            }
            if let header { verified.remember(header, principal) }
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

/// Authorization headers already verified, with the caller each names.
final class VerifiedTokens: Sendable {
    /// Distinct tokens remembered at once; when full, all are forgotten (they re-verify).
    static let capacity = 4_096
    private let entries = Mutex<[String: Principal]>([:])

    func principal(for header: String, now: Date) -> Principal? {
        entries.withLock { entries in
            guard let principal = entries[header] else { return nil }
            guard now < principal.expiresAt else {
                entries[header] = nil
                return nil
            }
            return principal
        }
    }

    func remember(_ header: String, _ principal: Principal) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[header] = principal
        }
    }
}
