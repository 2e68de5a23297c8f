import Crypto
import Foundation
@testable import TIBSIdentity

/// Shared keys, times and a forger for hand-made tokens.
enum Fixtures {
    /// 2026-11-29T09:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_795_942_800)
    static let hour: TimeInterval = 3600

    // Computed from fixed seeds: swift-crypto keys are not Sendable, so they cannot be stored statics.
    static var key1: Curve25519.Signing.PrivateKey { key(seed: 1) }
    static var key2: Curve25519.Signing.PrivateKey { key(seed: 2) }

    static func key(seed: UInt8) -> Curve25519.Signing.PrivateKey {
        // reason: any 32 bytes are a valid Ed25519 seed.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: Data(repeating: seed, count: 32))
    }

    static let issuer1 = TokenIssuer(issuer: "tibs-admin", keyID: "k1", privateKey: key1)
    static let issuer2 = TokenIssuer(issuer: "tibs-admin", keyID: "k2", privateKey: key2)
    static let verifier = TokenVerifier(keys: ["k1": key1.publicKey])

    static func brokerToken(now: Date = now, ttl: TimeInterval = hour) throws -> String {
        try issuer1.mint(subject: "anna@example.lv", role: .broker, regions: ["PL84"], ttl: ttl, now: now)
    }

    /// Signs arbitrary header and payload JSON with `key`, to build tokens the issuer would refuse to make.
    static func forge(header: String, payload: String, key: Curve25519.Signing.PrivateKey = key1) throws -> String {
        let input = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(Data(payload.utf8))
        return input + "." + Base64URL.encode(try key.signature(for: Data(input.utf8)))
    }

    static let header = #"{"alg":"EdDSA","typ":"JWT","kid":"k1"}"#

    static func payload(dropping claim: String? = nil, role: String = "broker") -> String {
        var fields: [String: String] = [
            "iss": #""tibs-admin""#, "sub": #""anna""#, "role": "\"\(role)\"", "regions": #"["PL84"]"#,
            "iat": "1795942800", "exp": "1795946400", "jti": #""t-1""#,
        ]
        if let claim { fields[claim] = nil }
        return "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
    }

    /// Splits a token into its three parts.
    static func parts(_ token: String) -> [String] {
        token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-identity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Runs `body` and returns the TokenError it throws, or nil if it did not throw.
func tokenError(_ body: () throws(TokenError) -> Principal) -> TokenError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
