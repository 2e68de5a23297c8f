import Foundation
import TIBSIdentity

/// Verifies the `authorization: Bearer <token>` metadata of every call offline, then applies the
/// method's access rule: a missing or bad token is UNAUTHENTICATED, a role the rule does not allow
/// is PERMISSION_DENIED.
public struct TokenAuthenticator: CallAuthenticator {
    public let verifier: TokenVerifier
    private let clock: @Sendable () -> Date

    public init(verifier: TokenVerifier, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.verifier = verifier
        self.clock = clock
    }

    public func authenticate(metadata: [String: String], access: AccessRule) throws -> Principal {
        let principal: Principal
        do {
            principal = try verifier.verify(authorizationHeader: metadata["authorization"], now: clock())
        } catch {
            throw RPCError.unauthenticated(error.description)
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
