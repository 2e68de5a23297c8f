import ArgumentParser
import Crypto
import Foundation
import TIBSIdentity
import TIBSPKI

/// `tibsctl token issue|inspect`: mint bearer tokens with the issuer key, and read what a token says.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Issue and inspect bearer tokens.", subcommands: [TokenIssue.self, TokenInspect.self])
}

struct TokenIssue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue", abstract: "Mint a token signed with the issuer key; prints it on standard output.")

    @Option(name: .customLong("issuer-key"), help: "Ed25519 issuer private key (PEM; TIBS_ISSUER_KEY), e.g. from certs init.")
    var issuerKey: String?

    @Option(name: .long, help: "admin, broker, analyst, integrator or service.")
    var role: String

    @Option(name: .long, help: "Region scope: NUTS codes, comma-separated (brokers write only there).")
    var regions: String = ""

    @Option(name: .long, help: "Who the token is for (the audit trail names it).")
    var subject: String

    @Option(name: .long, help: "Lifetime: seconds, or a number with s, m, h or d (default 8h).")
    var ttl: String = "8h"

    @Option(name: .customLong("issuer"), help: "The iss claim.")
    var issuerName = "tibs-admin"

    @Option(name: .customLong("key-id"), help: "The kid header; default: derived from the public key, as services derive it.")
    var keyID: String?

    @Option(name: .long, help: "Write the token to this file (0600) instead of standard output.")
    var out: String?

    func run() async throws {
        guard let role = Role(rawValue: role) else {
            throw CLIFailure.usage("unknown role '\(role)'; use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let keyPath = issuerKey ?? ProcessInfo.processInfo.environment["TIBS_ISSUER_KEY"] else {
            throw CLIFailure.usage("no issuer key: pass --issuer-key or set TIBS_ISSUER_KEY")
        }
        let seconds = try Self.parseDuration(ttl, option: "--ttl")
        let key: Curve25519.Signing.PrivateKey
        do {
            key = try IssuerKeyFile.readPrivateKey(at: keyPath)
        } catch {
            throw CLIFailure.local("cannot use the issuer key: \(error)")
        }
        let regionSet = Set(regions.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        let issuer = TokenIssuer(issuer: issuerName, keyID: keyID ?? IssuerKeyFile.keyID(for: key.publicKey), privateKey: key)
        let token: String
        do {
            token = try issuer.mint(subject: subject, role: role, regions: regionSet, ttl: seconds, now: Date())
        } catch let error as TokenError {
            throw CLIFailure.usage("\(error)")
        }
        if let out {
            do {
                try PEMFiles.write(token + "\n", to: out, privateKey: true)
            } catch {
                throw CLIFailure.local("cannot write \(out): \(error)")
            }
        } else {
            Console.out(token)
        }
    }

    /// Seconds from `3600`, `90m`, `8h` or `30d`; `option` names the flag in the error.
    static func parseDuration(_ text: String, option: String) throws(CLIFailure) -> TimeInterval {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var number = Substring(text)
        var unit = 1.0
        if let last = text.last, let factor = units[last] {
            unit = factor
            number = number.dropLast()
        }
        guard let value = Double(number), value > 0 else { throw CLIFailure.usage("invalid \(option) '\(text)': use e.g. 3600, 90m, 8h or 30d") }
        return value * unit
    }
}

struct TokenInspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a token's claims; with --public-key, also verify its signature and times.",
        discussion: """
        Exits with status 4 when the signature or times do not verify against --public-key, or when \
        --valid-for asks for more time than the token has left (scripts renew tokens with it).
        """)

    @Argument(help: "The token, @file, or - for standard input (default: TIBS_TOKEN).")
    var token: String?

    @Option(name: .customLong("public-key"), help: "Issuer public key (PEM) to verify against (repeatable).")
    var publicKeys: [String] = []

    @Option(name: .customLong("valid-for"), help: "Also require this much time left before the token expires: seconds, or a number with s, m, h or d.")
    var validFor: String?

    @Option(help: "Seconds a token stays accepted after it expires: the services' clock-skew leeway (default 60).")
    var leeway: Double = 60

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() async throws {
        guard leeway >= 0, leeway.isFinite else { throw CLIFailure.usage("--leeway must be a number of seconds, 0 or more") }
        var wanted: TimeInterval?
        if let validFor { wanted = try TokenIssue.parseDuration(validFor, option: "--valid-for") }
        let text: String
        if let token {
            text = try RequestInput(argument: token).readAll().trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let environment = ProcessInfo.processInfo.environment["TIBS_TOKEN"] {
            text = environment
        } else {
            throw CLIFailure.usage("no token: pass it, @file, - or set TIBS_TOKEN")
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = Self.decodePart(parts[0]), let claims = Self.decodePart(parts[1]) else {
            throw CLIFailure.usage("not a token: expected three base64url parts holding JSON")
        }
        var verdict: String?
        var failed = false
        if !publicKeys.isEmpty {
            var keys: [String: Curve25519.Signing.PublicKey] = [:]
            for path in publicKeys {
                do {
                    let key = try IssuerKeyFile.readPublicKey(at: path)
                    keys[IssuerKeyFile.keyID(for: key)] = key
                    // One key named explicitly also stands for a custom kid (token issue --key-id).
                    if publicKeys.count == 1, case .string(let kid)? = header["kid"] { keys[kid] = key }
                } catch {
                    throw CLIFailure.local("cannot use the public key: \(error)")
                }
            }
            do {
                _ = try TokenVerifier(keys: keys, leeway: .milliseconds(Int64(leeway * 1000))).verify(text, now: Date())
                verdict = "valid"
            } catch {
                verdict = "INVALID: \(error)"
                failed = true
            }
        }
        var lifetime: String?
        if let validFor, let wanted {
            if case .number(let raw)? = claims["exp"], let expiry = Double(raw), expiry >= Date().timeIntervalSince1970 + wanted {
                lifetime = "at least \(validFor) left"
            } else {
                lifetime = "TOO SHORT: less than \(validFor) left"
                failed = true
            }
        }
        if json {
            var members = [JSONMember("header", header), JSONMember("claims", claims)]
            if let verdict { members.append(JSONMember("verification", .string(verdict))) }
            if let lifetime { members.append(JSONMember("lifetime", .string(lifetime))) }
            Console.out(JSONValue.object(members).prettyText)
        } else {
            Console.out(Self.describe(header: header, claims: claims, verdict: verdict, lifetime: lifetime, leeway: leeway))
        }
        if failed { throw CLIFailure(.unauthenticated, "") }
    }

    /// nil while the token has not expired; otherwise "expired N s ago (accepted for M s more)"
    /// within the leeway, and "EXPIRED N s ago (no longer accepted)" after it.
    static func expiryState(expiry: TimeInterval, leeway: TimeInterval, now: Date) -> String? {
        let elapsed = now.timeIntervalSince1970 - expiry
        guard elapsed >= 0 else { return nil }
        let ago = Int(elapsed.rounded(.down))
        if elapsed < leeway {
            let left = max(1, Int((leeway - elapsed).rounded(.up)))
            return "expired \(ago) s ago (accepted for \(left) s more: clock-skew leeway of \(Int(leeway)) s)"
        }
        return "EXPIRED \(ago) s ago (no longer accepted)"
    }

    static func decodePart(_ part: Substring) -> JSONValue? {
        guard let data = DynamicJSON.base64(String(part)), let text = String(data: data, encoding: .utf8) else { return nil }
        return try? JSONValue.parse(text)
    }

    /// The token as "key  value" lines. An expired token says how long ago, and whether services
    /// still accept it (for `leeway` seconds after `exp`) or no longer do.
    static func describe(header: JSONValue, claims: JSONValue, verdict: String?, lifetime: String? = nil,
                         leeway: TimeInterval = 60, now: Date = Date()) -> String {
        func text(_ value: JSONValue?) -> String {
            switch value {
            case .string(let text)?: text
            case .number(let text)?: text
            case .array(let items)?: items.map { text($0) }.joined(separator: ",")
            default: "-"
            }
        }
        func time(_ value: JSONValue?) -> String {
            guard case .number(let raw)? = value, let seconds = Double(raw) else { return "-" }
            let date = Date(timeIntervalSince1970: seconds)
            return date.formatted(.iso8601) + (date < now ? " (past)" : "")
        }
        var rows = [["subject", text(claims["sub"])], ["role", text(claims["role"])], ["regions", text(claims["regions"])],
                    ["issuer", text(claims["iss"])], ["key id", text(header["kid"])], ["algorithm", text(header["alg"])],
                    ["issued at", time(claims["iat"])], ["expires at", time(claims["exp"])], ["token id", text(claims["jti"])]]
        if case .number(let raw)? = claims["exp"], let expiry = Double(raw), let state = expiryState(expiry: expiry, leeway: leeway, now: now) {
            rows.append(["state", state])
        }
        if let lifetime { rows.append(["lifetime", lifetime]) }
        rows.append(["signature", verdict ?? "not checked (pass --public-key)"])
        return rows.map { $0[0].padding(toLength: 12, withPad: " ", startingAt: 0) + $0[1] }.joined(separator: "\n")
    }
}
