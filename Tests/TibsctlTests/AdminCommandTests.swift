import Crypto
import Foundation
import SwiftASN1
import Testing
import TIBSCtlKit
import TIBSIdentity
import X509
import TIBSTestSupport

/// `certs init` and `token issue|inspect`.
@Suite struct AdminCommandTests {
    @Test func certsInitWritesACAServiceCertificatesAndPrivateKeys() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let out = folder.file("certs")
        let run = try await Run.tibsctl(["certs", "init", "--out", out, "--services", "registry", "match",
                                         "--host", "registry=registry.lv.example", "--host", "registry=10.1.2.3", "--client", "ops"])
        #expect(run.status == 0, "\(run.stderr)")
        for key in ["ca.key", "registry.key", "match.key", "ops.key", "issuer.key"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: out + "/" + key)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(key) is 0600")
        }
        let ca = try Certificate(pemEncoded: String(contentsOfFile: out + "/ca.pem", encoding: .utf8))
        let chain = try String(contentsOfFile: out + "/registry.pem", encoding: .utf8)
        let leaf = try Self.firstCertificate(chain)
        #expect(ca.publicKey.isValidSignature(leaf.signature, for: leaf))
        let names = try #require(try leaf.extensions.subjectAlternativeNames).map { "\($0)" }.joined(separator: " ")
        for expected in ["registry", "tibs-registry", "localhost", "registry.lv.example"] { #expect(names.contains(expected), "\(names)") }
        #expect(run.stdout.contains(out + "/ops.pem"))

        let again = try await Run.tibsctl(["certs", "init", "--out", out, "--services", "registry"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("registry.pem exists; pass --force to replace it"), "\(again.stderr)")
        let added = try await Run.tibsctl(["certs", "init", "--out", out, "--services", "policy", "--no-issuer-key"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stderr.contains("reusing the CA"))
        let policyChain = try String(contentsOfFile: out + "/policy.pem", encoding: .utf8)
        let policy = try Self.firstCertificate(policyChain)
        #expect(ca.publicKey.isValidSignature(policy.signature, for: policy))
    }

    @Test func certsInitKeepExistingMakesOnlyWhatIsMissing() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let out = folder.file("certs")
        let first = try await Run.tibsctl(["certs", "init", "--out", out, "--services", "registry", "--keep-existing"])
        #expect(first.status == 0, "\(first.stderr)")
        let files = ["ca.pem", "ca.key", "registry.pem", "registry.key", "issuer.key", "issuer.pub"]
        #expect(first.stdout == files.map { out + "/" + $0 + "\n" }.joined())
        let before = files.map { folder.read("certs/" + $0) }

        // Run again: nothing is written, nothing changes.
        let again = try await Run.tibsctl(["certs", "init", "--out", out, "--services", "registry", "--keep-existing"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.contains("keeping \(out)/registry.pem"), "\(again.stderr)")
        #expect(files.map { folder.read("certs/" + $0) } == before)

        // Only the missing pieces are made: the issuer key, a new service.
        try FileManager.default.removeItem(atPath: out + "/issuer.key")
        try FileManager.default.removeItem(atPath: out + "/issuer.pub")
        let refill = try await Run.tibsctl(["certs", "init", "--out", out, "--services", "registry", "policy", "--keep-existing"])
        #expect(refill.status == 0, "\(refill.stderr)")
        #expect(refill.stdout == ["policy.pem", "policy.key", "issuer.key", "issuer.pub"].map { out + "/" + $0 + "\n" }.joined())
        #expect(folder.read("certs/registry.pem") == before[2])
        let attributes = try FileManager.default.attributesOfItem(atPath: out + "/issuer.key")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        // A certificate from another CA, or a key that is not the certificate's, cannot stay.
        let other = folder.file("other")
        #expect(try await Run.tibsctl(["certs", "init", "--out", other, "--services", "registry", "--no-issuer-key"]).status == 0)
        let registryKey = folder.read("certs/registry.key")
        try FileManager.default.removeItem(atPath: out + "/registry.key")
        try FileManager.default.copyItem(atPath: other + "/registry.key", toPath: out + "/registry.key")
        let wrongKey = try await Run.tibsctl(["certs", "init", "--out", out, "--services", "registry", "--keep-existing"])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stderr.contains("registry.key is not the key of \(out)/registry.pem; remove both files or pass --force"), "\(wrongKey.stderr)")
        _ = folder.write("certs/registry.key", registryKey)
        try FileManager.default.removeItem(atPath: out + "/registry.pem")
        try FileManager.default.copyItem(atPath: other + "/registry.pem", toPath: out + "/registry.pem")
        let foreign = try await Run.tibsctl(["certs", "init", "--out", out, "--services", "registry", "--keep-existing"])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("registry.pem was not issued by the CA in \(out)/ca.pem"), "\(foreign.stderr)")

        // A name asked for that the kept certificate lacks.
        let newHost = try await Run.tibsctl(["certs", "init", "--out", out, "--services", "policy", "--host", "policy=10.1.2.3", "--keep-existing"])
        #expect(newHost.status == 1)
        #expect(newHost.stderr.contains("policy.pem is not for 10.1.2.3; remove both files or pass --force"), "\(newHost.stderr)")

        let both = try await Run.tibsctl(["certs", "init", "--out", out, "--keep-existing", "--force"])
        #expect(both.status == 2)
    }

    /// The leaf of a chain file (certificate, then its CA).
    static func firstCertificate(_ chain: String) throws -> Certificate {
        let end = try #require(chain.range(of: "-----END CERTIFICATE-----"))
        return try Certificate(pemEncoded: String(chain[..<end.upperBound]))
    }

    @Test func issuedTokenIsAcceptedByTheServer() async throws {
        try await withEchoServer { server in
            let issue = try await Run.tibsctl(["token", "issue", "--issuer-key", server.pki("issuer.key"), "--role", "broker",
                                               "--regions", "LV008,pl84", "--subject", "anna@vidzeme", "--ttl", "10m"])
            #expect(issue.status == 0, "\(issue.stderr)")
            let token = issue.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let call = try await Run.tibsctl(["call", server.address, "Regional", #"{"region":"LV008"}"#, "--compact",
                                              "--ca", server.pki("ca.pem")], environment: ["TIBS_TOKEN": token])
            #expect(call.status == 0, "\(call.stderr)")
            #expect(call.stdout == #"{"text":"written in LV008"}"# + "\n")
            let outside = try await Run.tibsctl(["call", server.address, "Regional", #"{"region":"DE60"}"#, "--ca", server.pki("ca.pem")],
                                                environment: ["TIBS_TOKEN": token])
            #expect(outside.status == 5, "\(outside.stderr)")

            let inspect = try await Run.tibsctl(["token", "inspect", token, "--public-key", server.pki("issuer.pub")])
            #expect(inspect.status == 0, "\(inspect.stderr)")
            #expect(inspect.stdout.contains("subject     anna@vidzeme"))
            #expect(inspect.stdout.contains("regions     LV008,PL84"))
            #expect(inspect.stdout.contains("signature   valid"))
        }
    }

    @Test func tokenWrittenToAFileIsPrivate() async throws {
        try await withEchoServer { server in
            let out = server.pki("minted.token")
            let issue = try await Run.tibsctl(["token", "issue", "--role", "admin", "--subject", "ops", "--out", out],
                                              environment: ["TIBS_ISSUER_KEY": server.pki("issuer.key")])
            #expect(issue.status == 0, "\(issue.stderr)")
            let attributes = try FileManager.default.attributesOfItem(atPath: out)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let call = try await Run.tibsctl(["call", server.address, "Get", "--ca", server.pki("ca.pem"), "--token-file", out])
            #expect(call.status == 0, "\(call.stderr)")
        }
    }

    @Test func inspectShowsExpiryAndRefusesAForeignKey() async throws {
        try await withEchoServer { server in
            let expired = try await Run.tibsctl(["token", "inspect", "@" + server.pki("expired.token"), "--public-key", server.pki("issuer.pub")])
            #expect(expired.status == 4)
            #expect(expired.stdout.contains("state       EXPIRED"))
            #expect(expired.stdout.contains("signature   INVALID: token expired at"))
            let other = Curve25519.Signing.PrivateKey()
            let foreign = server.pki("other.pub")
            try IssuerKeyFile.writePublicKey(other.publicKey, to: foreign)
            let wrongKey = try await Run.tibsctl(["token", "inspect", "@" + server.pki("admin.token"), "--public-key", foreign, "--json"])
            #expect(wrongKey.status == 4)
            #expect(wrongKey.stdout.contains(#""verification": "INVALID: signature does not verify""#), "\(wrongKey.stdout)")
        }
    }

    @Test func inspectValidForFailsWhenTooLittleTimeIsLeft() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let key = Curve25519.Signing.PrivateKey()
        try IssuerKeyFile.writePrivateKey(key, to: folder.file("issuer.key"))
        try IssuerKeyFile.writePublicKey(key.publicKey, to: folder.file("issuer.pub"))
        let issue = try await Run.tibsctl(["token", "issue", "--issuer-key", folder.file("issuer.key"), "--role", "admin",
                                           "--subject", "ops", "--ttl", "2h", "--out", folder.file("admin.token")])
        #expect(issue.status == 0, "\(issue.stderr)")
        let token = "@" + folder.file("admin.token")

        let enough = try await Run.tibsctl(["token", "inspect", token, "--public-key", folder.file("issuer.pub"), "--valid-for", "90m"])
        #expect(enough.status == 0, "\(enough.stderr)")
        #expect(enough.stdout.contains("lifetime    at least 90m left"), "\(enough.stdout)")
        #expect(enough.stdout.contains("signature   valid"))
        let tooShort = try await Run.tibsctl(["token", "inspect", token, "--public-key", folder.file("issuer.pub"), "--valid-for", "1d"])
        #expect(tooShort.status == 4)
        #expect(tooShort.stdout.contains("lifetime    TOO SHORT: less than 1d left"), "\(tooShort.stdout)")
        #expect(tooShort.stdout.contains("signature   valid"))
        // Without a public key only the expiry claim is read; --json carries the verdict too.
        let unsigned = try await Run.tibsctl(["token", "inspect", token, "--valid-for", "3h", "--json"])
        #expect(unsigned.status == 4)
        #expect(unsigned.stdout.contains(#""lifetime": "TOO SHORT: less than 3h left""#), "\(unsigned.stdout)")
        let bad = try await Run.tibsctl(["token", "inspect", token, "--valid-for", "soon"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("invalid --valid-for 'soon'"), "\(bad.stderr)")
        let missing = try await Run.tibsctl(["token", "inspect", "@" + folder.file("none.token"), "--valid-for", "1d"])
        #expect(missing.status == 1)
    }

    @Test func badTokenArgumentsAreUsageErrors() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let role = try await Run.tibsctl(["token", "issue", "--role", "king", "--subject", "x", "--issuer-key", "/nonexistent"])
        #expect(role.status == 2)
        #expect(role.stderr.contains("unknown role 'king'; use one of admin, broker, analyst, integrator, service"))
        let ttl = try await Run.tibsctl(["token", "issue", "--role", "admin", "--subject", "x", "--issuer-key", "/nonexistent", "--ttl", "soon"])
        #expect(ttl.status == 2)
        let key = try await Run.tibsctl(["token", "issue", "--role", "admin", "--subject", "x", "--issuer-key", folder.file("missing.key")])
        #expect(key.status == 1)
        #expect(key.stderr.contains("cannot use the issuer key"))
    }
}
