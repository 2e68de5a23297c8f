import Foundation
import Synchronization
import Testing
import TIBSIdentity
import TIBSRPC
import TIBSTestSupport

/// The authenticator remembers verified tokens, never past their expiry.
@Suite struct TokenCacheTests {
    @Test func aRememberedTokenIsRefusedOnceItExpires() throws {
        let clock = ManualClock(Date())
        let authenticator = TokenAuthenticator(verifier: TestPKI.shared.verifier, clock: clock.now)
        let header = ["authorization": "Bearer " + TestPKI.shared.token(.analyst, ttl: 60, now: clock.now())]
        #expect(try authenticator.authenticate(metadata: header, access: .authenticated).role == .analyst)
        #expect(try authenticator.authenticate(metadata: header, access: .authenticated).role == .analyst)
        clock.advance(by: 60 + TestPKI.shared.verifier.allowedClockSkew + 1)  // past exp and the verifier's skew allowance
        #expect(throws: RPCError.self) { try authenticator.authenticate(metadata: header, access: .authenticated) }
    }

    @Test func aRememberedTokenStillMeetsTheMethodsRoleRule() throws {
        let authenticator = TokenAuthenticator(verifier: TestPKI.shared.verifier)
        let header = ["authorization": "Bearer " + TestPKI.shared.token(.analyst)]
        _ = try authenticator.authenticate(metadata: header, access: .authenticated)
        #expect(throws: RPCError.permissionDenied("role 'analyst' may not call this method (allowed: admin)")) {
            try authenticator.authenticate(metadata: header, access: .admins)
        }
    }

    @Test func aBadTokenIsNeverRemembered() throws {
        let authenticator = TokenAuthenticator(verifier: TestPKI.shared.verifier)
        let token = TestPKI.shared.token(.admin)
        // Change the signature's first character, which always carries six bits of the signature
        // (the last ones may be padding bits, so replacing them can leave the bytes unchanged).
        var parts = token.split(separator: ".").map(String.init)
        let first = parts[2].first == "A" ? "B" : "A"
        parts[2] = first + parts[2].dropFirst()
        let tampered = ["authorization": "Bearer " + parts.joined(separator: ".")]
        for _ in 0..<2 {
            #expect(throws: RPCError.self) { try authenticator.authenticate(metadata: tampered, access: .authenticated) }
        }
    }
}
