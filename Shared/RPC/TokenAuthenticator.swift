import Foundation
import NIOConcurrencyHelpers
import TIBSIdentity

/// Verifies the `authorization: Bearer <token>` metadata of every call offline, then applies the
/// method's access rule: a missing or bad token is UNAUTHENTICATED, a role the rule does not allow
/// is PERMISSION_DENIED.
///
/// Copies share one verifier and one cache: ``replaceVerifier(_:)`` on any copy (issuer key
/// rotation) applies to every protocol the authenticator serves.
public struct TokenAuthenticator: CallAuthenticator {
    private let clock: @Sendable () -> Date
    private let verified = VerifiedTokens(capacity: 4096)

    public init(verifier: TokenVerifier, clock: @escaping @Sendable () -> Date = { Date() }) {
        verified.replaceVerifier(verifier)
        self.clock = clock
    }

    /// The issuer keys tokens are checked against now.
    public var verifier: TokenVerifier { verified.verifier }

    /// Trusts exactly `verifier`'s keys from the next call on: tokens of a key no longer there are
    /// refused at once, including ones verified before (the cache of verified tokens is emptied).
    public func replaceVerifier(_ verifier: TokenVerifier) {
        verified.replaceVerifier(verifier)
    }

    public func authenticate(metadata: [String: String], access: AccessRule) throws -> Principal {
        let header = metadata["authorization"]
        let now = clock()
        let principal: Principal
        let (known, verifier) = verified.lookup(header)
        if let known, now < known.expiresAt.addingTimeInterval(verifier.allowedClockSkew) {
            principal = known
        } else {
            do {
                principal = try verifier.verify(authorizationHeader: header, now: now)
            } catch {
                throw RPCError.unauthenticated(error.description)
            }
            if let header { verified.remember(principal, for: header, verifiedBy: verifier) }
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
/// Holds the verifier too, so a key rotation and the cache it empties change under one lock.
final class VerifiedTokens: Sendable {
    private struct State {
        var entries: [String: Principal] = [:]
        var verifier = TokenVerifier(keys: [:])
    }

    private let state = NIOLockedValueBox(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    var verifier: TokenVerifier { state.withLockedValue { $0.verifier } }

    func principal(for header: String) -> Principal? { state.withLockedValue { $0.entries[header] } }

    /// The remembered principal of `header`, if any, and the verifier to check anything else with.
    func lookup(_ header: String?) -> (Principal?, TokenVerifier) {
        state.withLockedValue { state in (header.flatMap { state.entries[$0] }, state.verifier) }
    }

    func replaceVerifier(_ verifier: TokenVerifier) {
        state.withLockedValue { state in
            state.verifier = verifier
            state.entries.removeAll()
        }
    }

    func remember(_ principal: Principal, for header: String, verifiedBy verifier: TokenVerifier? = nil) {
        state.withLockedValue { state in
            // Verified with keys that have since been replaced: the new keys may not trust it.
            if let verifier, verifier.keyIDs != state.verifier.keyIDs { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[header] = principal
        }
    }
}
