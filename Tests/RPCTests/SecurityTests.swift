import Crypto
import Foundation
import Synchronization
import Testing
import TIBSIdentity
import TIBSProto
import TIBSRPC
import TIBSTestSupport

/// Tokens, roles, regions and TLS trust, end to end over TLS.
@Suite struct SecurityTests {
    let pki = TestPKI.shared

    private func code(token: String?, method: String = EchoService.get, region: String = "") async throws -> StatusCode {
        try await withTestServer(router: EchoService.router()) { _, port in
            let client = try makeTestClient(port: port, token: token)
            defer { Task { await client.close() } }
            do {
                let _: EchoResponse = try await client.unary(method, EchoRequest.with { $0.region = region })
                return .ok
            } catch let error as RPCError {
                return error.code
            }
        }
    }

    @Test func missingTokenIsUnauthenticated() async throws {
        #expect(try await code(token: nil) == .unauthenticated)
    }

    @Test func expiredTokenIsUnauthenticated() async throws {
        let token = pki.token(.admin, ttl: 60, now: Date().addingTimeInterval(-3600))
        #expect(try await code(token: token) == .unauthenticated)
    }

    @Test func tamperedTokenIsUnauthenticated() async throws {
        var parts = pki.token(.broker, regions: ["LV008"]).split(separator: ".").map(String.init)
        // Swap in claims of another role, keeping the broker's signature.
        let adminParts = pki.token(.admin).split(separator: ".").map(String.init)
        parts[1] = adminParts[1]
        #expect(try await code(token: parts.joined(separator: ".")) == .unauthenticated)
    }

    @Test func tokenSignedWithAnUntrustedKeyIsUnauthenticated() async throws {
        let stranger = Curve25519.Signing.PrivateKey()
        let issuer = TokenIssuer(issuer: "elsewhere", keyID: IssuerKeyFile.keyID(for: stranger.publicKey), privateKey: stranger)
        let token = try issuer.mint(subject: "mallory", role: .admin, regions: [], ttl: 600, now: Date())
        #expect(try await code(token: token) == .unauthenticated)
    }

    @Test func trustedKeyIDWithAnotherKeyIsUnauthenticated() async throws {
        let stranger = Curve25519.Signing.PrivateKey()
        let issuer = TokenIssuer(issuer: "elsewhere", keyID: pki.issuer.keyID, privateKey: stranger)
        let token = try issuer.mint(subject: "mallory", role: .admin, regions: [], ttl: 600, now: Date())
        #expect(try await code(token: token) == .unauthenticated)
    }

    @Test func unauthenticatedAnswerSaysWhyWithoutEchoingTheToken() async throws {
        let token = pki.token(.admin, ttl: 60, now: Date().addingTimeInterval(-3600))
        try await withTestServer(router: EchoService.router()) { _, port in
            let client = try makeTestClient(port: port, token: token)
            let error = await #expect(throws: RPCError.self) {
                let _: EchoResponse = try await client.unary(EchoService.get, EchoRequest())
            }
            #expect(error?.detail.contains("expired") == true)
            #expect(error?.detail.contains(token) == false)
            await client.close()
        }
    }

    @Test func roleOutsideTheMethodsRuleIsPermissionDenied() async throws {
        #expect(try await code(token: pki.token(.analyst), method: EchoService.regional, region: "LV008") == .permissionDenied)
        #expect(try await code(token: pki.token(.integrator), method: EchoService.regional, region: "LV008") == .permissionDenied)
    }

    @Test func brokerWritesOnlyInItsRegions() async throws {
        let broker = pki.token(.broker, regions: ["PL84"])
        #expect(try await code(token: broker, method: EchoService.regional, region: "PL841") == .ok)
        #expect(try await code(token: broker, method: EchoService.regional, region: "LV008") == .permissionDenied)
    }

    @Test func requiredClientCertificateRefusesClientsWithoutOne() async throws {
        try await withTestServer(router: EchoService.router(), tls: pki.serverTLSRequiringClientCertificate) { _, port in
            let anonymous = try makeTestClient(port: port, tls: pki.clientTLS)
            let error = await #expect(throws: RPCError.self) {
                let _: EchoResponse = try await anonymous.unary(EchoService.get, EchoRequest())
            }
            #expect(error?.code == .unavailable)
            await anonymous.close()

            let identified = try makeTestClient(port: port, tls: pki.clientTLSWithCertificate)
            let response: EchoResponse = try await identified.unary(EchoService.get, EchoRequest.with { $0.text = "mTLS" })
            #expect(response.text == "mTLS")
            await identified.close()
        }
    }

    @Test func requiredClientCertificateRefusesOneFromAnotherCA() async throws {
        let otherCA = try TestPKI()
        try await withTestServer(router: EchoService.router(), tls: pki.serverTLSRequiringClientCertificate) { _, port in
            // Trusts the server, presents a certificate the server's CA never issued.
            let foreign = ClientTLS(trustRootsPEM: pki.ca.certificatePEM, certificateChainPEM: otherCA.client.certificatePEM,
                                    privateKeyPEM: otherCA.client.privateKeyPEM)
            let client = try makeTestClient(port: port, tls: foreign)
            let error = await #expect(throws: RPCError.self) {
                let _: EchoResponse = try await client.unary(EchoService.get, EchoRequest())
            }
            #expect(error?.code == .unavailable)
            await client.close()
        }
    }

    @Test func clientRefusesAServerItsRootsDoNotTrust() async throws {
        let otherCA = try TestPKI()
        try await withTestServer(router: EchoService.router()) { _, port in
            let client = try makeTestClient(port: port, tls: otherCA.clientTLS)
            let error = await #expect(throws: RPCError.self) {
                let _: EchoResponse = try await client.unary(EchoService.get, EchoRequest())
            }
            #expect(error?.code == .unavailable)
            #expect(error?.detail.contains("TLS") == true)
            await client.close()
        }
    }
}

/// The authenticator on its own, with a controlled clock.
@Suite struct TokenAuthenticatorTests {
    @Test func aRememberedTokenStillExpires() throws {
        let start = Date()
        let clock = ManualClock(start)
        let authenticator = TokenAuthenticator(verifier: TestPKI.shared.verifier, clock: clock.now)
        let token = TestPKI.shared.token(.admin, ttl: 120, now: start)
        let metadata = ["authorization": "Bearer \(token)"]
        #expect(try authenticator.authenticate(metadata: metadata, access: .authenticated).role == .admin)
        #expect(try authenticator.authenticate(metadata: metadata, access: .authenticated).role == .admin)
        clock.advance(by: 120 + 61)  // past expiry and the 60 s skew
        let error = #expect(throws: RPCError.self) { try authenticator.authenticate(metadata: metadata, access: .authenticated) }
        #expect(error?.code == .unauthenticated)
    }

    @Test func aRememberedTokenIsStillCheckedAgainstTheMethodsRoles() throws {
        let authenticator = TokenAuthenticator(verifier: TestPKI.shared.verifier)
        let metadata = ["authorization": "Bearer \(TestPKI.shared.token(.analyst))"]
        _ = try authenticator.authenticate(metadata: metadata, access: .authenticated)
        let error = #expect(throws: RPCError.self) { try authenticator.authenticate(metadata: metadata, access: .writers) }
        #expect(error?.code == .permissionDenied)
    }
}
