import Foundation
import Testing
import TIBSCtlKit
import TIBSTestSupport

/// Every failure tibsctl reports: the message a user reads and the documented exit status
/// (docs/tibsctl.md), against real server processes.
@Suite struct FailureMessageTests {
    @Test func unreachableNamesTheAddressAndRefusal() async throws {
        let run = try await Run.tibsctl(["call", "127.0.0.1:1", "Get"])
        #expect(run.status == 3)
        #expect(run.stderr == "tibsctl: cannot reach 127.0.0.1:1 (from the command line): connection refused; is the service running there?\n")
    }

    @Test func untrustedCertificateNamesTheIssuer() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["call", server.address, "Get", "--ca", server.pki("other-ca.pem")])
            #expect(run.status == 3)
            #expect(run.stderr.contains("TLS with \(server.address) failed: the server's certificate (CN=tibs-test-server,O=TIBS) is issued by CN=TIBS test CA,O=TIBS"), "\(run.stderr)")
            #expect(run.stderr.contains("did not sign it"))
        }
    }

    @Test func systemTrustWithoutCAAsksForTheDeploymentCA() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["call", server.address, "Get"])
            #expect(run.status == 3)
            #expect(run.stderr.contains("which the system trust store does not trust; pass the deployment's CA with --ca"), "\(run.stderr)")
        }
    }

    @Test func expiredServerCertificateSaysWhen() async throws {
        try await withEchoServer(["--expired-cert"]) { server in
            let run = try await Run.tibsctl(["health", server.address, "--ca", server.pki("ca.pem")])
            #expect(run.status == 3)
            #expect(run.stdout.contains("the server's certificate (CN=tibs-test-server,O=TIBS) expired at 20"), "\(run.stdout)")
        }
    }

    @Test func certificateForAnotherNameListsItsNames() async throws {
        try await withEchoServer(["--dns-names", "registry.lv.example"]) { server in
            let run = try await Run.tibsctl(["health", server.address, "--ca", server.pki("ca.pem")])
            #expect(run.status == 3)
            #expect(run.stdout.contains("is for [registry.lv.example], not for '127.0.0.1'; dial one of those names or set --server-name"), "\(run.stdout)")
            let named = try await Run.tibsctl(["health", server.address, "--ca", server.pki("ca.pem"), "--server-name", "registry.lv.example"])
            #expect(named.status == 0, "\(named.stdout)")
        }
    }

    @Test func missingClientCertificateIsNamed() async throws {
        try await withEchoServer(["--require-client-cert"]) { server in
            let run = try await Run.tibsctl(["call", server.address, "Get", "--ca", server.pki("ca.pem"), "--token-file", server.pki("admin.token")])
            #expect(run.status == 3)
            #expect(run.stderr.contains("requires a client certificate (pass --cert and --key)"), "\(run.stderr)")
            let withCertificate = try await Run.tibsctl(["call", server.address, "Get", "--ca", server.pki("ca.pem"), "--token-file", server.pki("admin.token"),
                                                         "--cert", server.pki("client.pem"), "--key", server.pki("client.key")])
            #expect(withCertificate.status == 0, "\(withCertificate.stderr)")
        }
    }

    @Test func noTokenIsUnauthenticatedWithAHint() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["call", server.address, "Get", "--ca", server.pki("ca.pem")])
            #expect(run.status == 4)
            #expect(run.stderr == "tibsctl: UNAUTHENTICATED: no bearer token supplied (no token was sent: pass --token-file, --token, TIBS_TOKEN or a profile)\n")
        }
    }

    @Test func expiredTokenIsRefusedWithTheDocumentedMessage() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["call", server.address, "Get", "--ca", server.pki("ca.pem"), "--token-file", server.pki("expired.token")])
            #expect(run.status == 4)
            #expect(run.stderr.hasPrefix("tibsctl: UNAUTHENTICATED: token expired at 20"), "\(run.stderr)")
            #expect(run.stderr.hasSuffix("(get a new token from your admin (tibsctl token issue))\n"))
        }
    }

    @Test func wrongRoleIsPermissionDenied() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["call", server.address, "Regional", #"{"region":"LV008"}"#, "--ca", server.pki("ca.pem"),
                                             "--token-file", server.pki("integrator.token")])
            #expect(run.status == 5)
            #expect(run.stderr == "tibsctl: PERMISSION_DENIED: role 'integrator' may not call this method (allowed: admin, broker, service)\n")
        }
    }

    @Test func invalidArgumentListsEachViolationOnItsOwnLine() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["call", server.address, "EchoChecks/Validate", #"{"count":20}"#, "--ca", server.pki("ca.pem"),
                                             "--token-file", server.pki("admin.token")])
            #expect(run.status == 6)
            #expect(run.stderr == """
                tibsctl: INVALID_ARGUMENT: 2 fields are invalid
                  text: must not be empty
                  count: must be at most 10, not 20

                """)
        }
    }

    @Test func deadlineExceededSuggestsALongerTimeout() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["call", server.address, "Get", #"{"delayMs":5000}"#, "--timeout", "0.3", "--ca", server.pki("ca.pem"),
                                             "--token-file", server.pki("admin.token")])
            #expect(run.status == 8)
            #expect(run.stderr == "tibsctl: DEADLINE_EXCEEDED: no answer within 0.3 seconds (raise --timeout)\n")
        }
    }

    @Test func usageErrorsExitWithTwo() async throws {
        let noAddress = try await Run.tibsctl(["call", "Get"])
        #expect(noAddress.status == 2)
        #expect(noAddress.stderr == "tibsctl: no server address: pass one, or set --address, TIBS_ADDRESS or a profile\n")
        let badFlag = try await Run.tibsctl(["call", "--no-such-flag"])
        #expect(badFlag.status == 2)
        let help = try await Run.tibsctl(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit status: 0 ok"))
    }
}
