import Crypto
import Foundation
import Testing
@testable import TIBSIdentity

@Suite("Bearer tokens")
struct TokenTests {
    let now = Fixtures.now

    @Test func roundTrip() throws {
        let token = try Fixtures.issuer1.mint(
            subject: "anna@example.lv", role: .broker, regions: ["pl84", "LV"], ttl: Fixtures.hour, now: now, tokenID: "t-42"
        )
        let principal = try Fixtures.verifier.verify(token, now: now.addingTimeInterval(60))
        #expect(principal == Principal(
            subject: "anna@example.lv", role: .broker, regions: ["PL84", "LV"], keyID: "k1",
            expiresAt: now.addingTimeInterval(Fixtures.hour), tokenID: "t-42"
        ))
        let header = try #require(Base64URL.decode(Substring(Fixtures.parts(token)[0])))
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"EdDSA","kid":"k1","typ":"JWT"}"#)
    }

    @Test func expired() throws {
        let token = try Fixtures.brokerToken()
        let expiry = now.addingTimeInterval(Fixtures.hour)
        // Within the 60 s skew it is still accepted; after that it is not.
        #expect(throws: Never.self) { try Fixtures.verifier.verify(token, now: expiry.addingTimeInterval(59)) }
        let error = tokenError { () throws(TokenError) in try Fixtures.verifier.verify(token, now: expiry.addingTimeInterval(60)) }
        #expect(error == .expired(at: expiry))
        #expect(error?.description == "token expired at 2026-11-29T10:00:00Z")
    }

    @Test func theLeewayIsAParameterAndDefaultsToSixtySeconds() throws {
        #expect(TokenVerifier(keys: [:]).leeway == .seconds(60))
        let token = try Fixtures.brokerToken()
        let expiry = now.addingTimeInterval(Fixtures.hour)
        let strict = TokenVerifier(keys: ["k1": Fixtures.key1.publicKey], leeway: .zero)
        #expect(tokenError { () throws(TokenError) in try strict.verify(token, now: expiry) } == .expired(at: expiry))
        #expect(throws: Never.self) { try strict.verify(token, now: expiry.addingTimeInterval(-1)) }
        let lenient = TokenVerifier(keys: ["k1": Fixtures.key1.publicKey], leeway: .seconds(300))
        #expect(throws: Never.self) { try lenient.verify(token, now: expiry.addingTimeInterval(299)) }
        #expect(tokenError { () throws(TokenError) in try lenient.verify(token, now: expiry.addingTimeInterval(300)) } == .expired(at: expiry))
        // Before nbf the same leeway applies.
        let later = try Fixtures.brokerToken(now: now.addingTimeInterval(600))
        #expect(throws: Never.self) { try lenient.verify(later, now: now.addingTimeInterval(301)) }
        #expect(TokenVerifier(keys: [:], leeway: .seconds(-5)).leeway == .zero, "a negative leeway is none")
    }

    @Test func notYetValid() throws {
        let issuedInFuture = try Fixtures.brokerToken(now: now.addingTimeInterval(600))
        #expect(tokenError { () throws(TokenError) in try Fixtures.verifier.verify(issuedInFuture, now: now) }
            == .notYetValid(until: now.addingTimeInterval(600)))

        let withNotBefore = try Fixtures.issuer1.mint(
            subject: "s", role: .service, regions: [], ttl: Fixtures.hour, now: now, notBefore: now.addingTimeInterval(300)
        )
        #expect(tokenError { () throws(TokenError) in try Fixtures.verifier.verify(withNotBefore, now: now) }
            == .notYetValid(until: now.addingTimeInterval(300)))
        #expect(throws: Never.self) { try Fixtures.verifier.verify(withNotBefore, now: now.addingTimeInterval(250)) }
    }

    @Test func tamperedPayloadIsRejected() throws {
        var parts = Fixtures.parts(try Fixtures.brokerToken())
        let payload = try #require(Base64URL.decode(Substring(parts[1])))
        let escalated = String(decoding: payload, as: UTF8.self).replacingOccurrences(of: #""broker""#, with: #""admin""#)
        parts[1] = Base64URL.encode(Data(escalated.utf8))
        #expect(tokenError { () throws(TokenError) in try Fixtures.verifier.verify(parts.joined(separator: "."), now: now) }
            == .badSignature)
    }

    @Test func tamperedSignatureIsRejected() throws {
        var parts = Fixtures.parts(try Fixtures.brokerToken())
        var signature = try #require(Base64URL.decode(Substring(parts[2])))
        signature[0] ^= 0x01
        parts[2] = Base64URL.encode(signature)
        let error = tokenError { () throws(TokenError) in try Fixtures.verifier.verify(parts.joined(separator: "."), now: now) }
        #expect(error == .badSignature)
        #expect(error?.description == "signature does not verify")
    }

    @Test func unknownKeyID() throws {
        let token = try Fixtures.issuer2.mint(subject: "x", role: .admin, regions: [], ttl: 60, now: now)
        let error = tokenError { () throws(TokenError) in try Fixtures.verifier.verify(token, now: now) }
        #expect(error == .unknownKeyID("k2"))
        #expect(error?.description == "unknown signing key id 'k2'")
    }

    @Test func knownKeyIDWithDifferentKey() throws {
        let impostor = TokenIssuer(issuer: "tibs-admin", keyID: "k1", privateKey: Fixtures.key2)
        let token = try impostor.mint(subject: "x", role: .admin, regions: [], ttl: 60, now: now)
        #expect(tokenError { () throws(TokenError) in try Fixtures.verifier.verify(token, now: now) } == .badSignature)
    }

    @Test(arguments: [
        ("a.b", TokenError.malformed("expected three dot-separated parts, found 2")),
        ("a.b.c.d", .malformed("expected three dot-separated parts, found 4")),
        ("", .malformed("expected three dot-separated parts, found 1")),
        ("e30.e30.!!!", .malformed("signature is not base64url")),
        ("eyJ=.e30.AA", .malformed("header is not base64url")),
        ("e30.e3=.AA", .malformed("payload is not base64url")),
        ("bnVsbA.e30.AA", .malformed("header is not a JSON object")),
    ])
    func malformed(token: String, expected: TokenError) {
        #expect(tokenError { () throws(TokenError) in try Fixtures.verifier.verify(token, now: now) } == expected)
    }

    @Test func nonCanonicalBase64IsRejected() throws {
        var parts = Fixtures.parts(try Fixtures.brokerToken())
        // 64 signature bytes end in a character carrying 2 data bits; flipping a padding bit must not be accepted.
        let last = parts[2].removeLast()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let index = try #require(alphabet.firstIndex(of: last))
        parts[2].append(alphabet[index ^ 1])
        #expect(tokenError { () throws(TokenError) in try Fixtures.verifier.verify(parts.joined(separator: "."), now: now) }
            == .malformed("signature is not base64url"))
    }

    @Test func algNoneIsRejected() throws {
        let header = Base64URL.encode(Data(#"{"alg":"none","typ":"JWT","kid":"k1"}"#.utf8))
        let payload = Base64URL.encode(Data(Fixtures.payload(role: "admin").utf8))
        let error = tokenError { () throws(TokenError) in try Fixtures.verifier.verify("\(header).\(payload).", now: now) }
        #expect(error == .unsupportedAlgorithm("none"))
        // Signed but with another algorithm name: still refused before the signature is considered.
        let hs256 = try Fixtures.forge(header: #"{"alg":"HS256","kid":"k1"}"#, payload: Fixtures.payload())
        #expect(tokenError { () throws(TokenError) in try Fixtures.verifier.verify(hs256, now: now) } == .unsupportedAlgorithm("HS256"))
    }

    @Test(arguments: ["iss", "sub", "role", "regions", "iat", "exp", "jti"])
    func missingClaim(claim: String) throws {
        let token = try Fixtures.forge(header: Fixtures.header, payload: Fixtures.payload(dropping: claim))
        #expect(tokenError { () throws(TokenError) in try Fixtures.verifier.verify(token, now: Fixtures.now) } == .missingClaim(claim))
    }

    @Test func missingKeyIDAndCriticalHeaders() throws {
        let noKid = try Fixtures.forge(header: #"{"alg":"EdDSA"}"#, payload: Fixtures.payload())
        #expect(tokenError { () throws(TokenError) in try Fixtures.verifier.verify(noKid, now: now) } == .missingClaim("kid"))
        let crit = try Fixtures.forge(header: #"{"alg":"EdDSA","kid":"k1","crit":["b64"],"b64":false}"#, payload: Fixtures.payload())
        #expect(tokenError { () throws(TokenError) in try Fixtures.verifier.verify(crit, now: now) }
            == .malformed("header has unsupported critical parameters"))
    }

    @Test func unknownRoleAndBadRegion() throws {
        let superuser = try Fixtures.forge(header: Fixtures.header, payload: Fixtures.payload(role: "superuser"))
        let error = tokenError { () throws(TokenError) in try Fixtures.verifier.verify(superuser, now: now) }
        #expect(error == .unknownRole("superuser"))
        #expect(error?.description == "unknown role 'superuser'")

        let badRegion = try Fixtures.forge(header: Fixtures.header, payload: Fixtures.payload().replacingOccurrences(of: "PL84", with: "poland"))
        #expect(tokenError { () throws(TokenError) in try Fixtures.verifier.verify(badRegion, now: now) }
            == .invalidClaim("regions", reason: "'poland' is not a NUTS code"))
    }

    @Test func mintRejectsBadInput() {
        #expect(throws: TokenError.invalidClaim("regions", reason: "'NOT-NUTS' is not a NUTS code")) {
            try Fixtures.issuer1.mint(subject: "a", role: .broker, regions: ["not-nuts"], ttl: 60, now: now)
        }
        #expect(throws: TokenError.self) { try Fixtures.issuer1.mint(subject: "", role: .admin, regions: [], ttl: 60, now: now) }
        #expect(throws: TokenError.self) { try Fixtures.issuer1.mint(subject: "a", role: .admin, regions: [], ttl: 0, now: now) }
        #expect(throws: TokenError.self) { try Fixtures.issuer1.mint(subject: "a", role: .admin, regions: [], ttl: .infinity, now: now) }
        #expect(throws: TokenError.self) { try Fixtures.issuer1.mint(subject: "a", role: .admin, regions: [], ttl: .nan, now: now) }
    }

    @Test func authorizationHeader() throws {
        let token = try Fixtures.brokerToken()
        #expect(try Fixtures.verifier.verify(authorizationHeader: "Bearer \(token)", now: now).subject == "anna@example.lv")
        let verify = { (header: String?) in
            tokenError { () throws(TokenError) in try Fixtures.verifier.verify(authorizationHeader: header, now: now) }
        }
        #expect(verify(nil) == .missingCredentials)
        #expect(verify("") == .missingCredentials)
        #expect(verify(token) == .malformedAuthorizationHeader)
        #expect(verify("Basic \(token)") == .malformedAuthorizationHeader)
        #expect(verify("bearer \(token)") == .malformedAuthorizationHeader)
        #expect(verify("Bearer  \(token)") == .malformedAuthorizationHeader)
        #expect(verify("Bearer \(token) ") == .malformedAuthorizationHeader)
        #expect(verify("Bearer ") == .malformedAuthorizationHeader)
    }

    @Test func keyRotation() throws {
        let verifier = TokenVerifier(keys: ["k1": Fixtures.key1.publicKey, "k2": Fixtures.key2.publicKey])
        let old = try Fixtures.issuer1.mint(subject: "old", role: .analyst, regions: [], ttl: 60, now: now)
        let new = try Fixtures.issuer2.mint(subject: "new", role: .analyst, regions: [], ttl: 60, now: now)
        #expect(try verifier.verify(old, now: now).keyID == "k1")
        #expect(try verifier.verify(new, now: now).keyID == "k2")
        #expect(verifier.keyIDs == ["k1", "k2"])
    }

    @Test func errorDescriptionsNeverEchoTheToken() throws {
        let token = try Fixtures.brokerToken()
        let errors: [TokenError?] = [
            tokenError { () throws(TokenError) in try Fixtures.verifier.verify(token + "x", now: now) },
            tokenError { () throws(TokenError) in try Fixtures.verifier.verify(token, now: now.addingTimeInterval(86_400)) },
            tokenError { () throws(TokenError) in try Fixtures.verifier.verify(authorizationHeader: "Token \(token)", now: now) },
            tokenError { () throws(TokenError) in try Fixtures.verifier.verify(String(repeating: "a", count: 9000), now: now) },
        ]
        for error in errors {
            let description = try #require(error).description
            #expect(!description.contains(Fixtures.parts(token)[2]))
            #expect(!description.contains(Fixtures.parts(token)[1]))
            #expect(description.count < 120)
        }
        #expect(TokenError.unknownKeyID("k\u{1B}[31m" + String(repeating: "z", count: 100)).description
            == "unknown signing key id 'k[31m" + String(repeating: "z", count: 35) + "…'")
    }
}
