import Foundation
import Testing
import TIBSCtlKit
import TIBSTestSupport

/// `tibsctl call` and `describe` driven as a process against a real tibs-echo-server process.
@Suite struct CallCommandTests {
    func env(_ server: ServerProcess, token: String? = "admin.token") -> [String: String] {
        var env = ["TIBS_CA": server.pki("ca.pem")]
        if let token { env["TIBS_TOKEN_FILE"] = server.pki(token) }
        return env
    }

    @Test func unaryCallRoundTripsJSON() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["call", server.address, "/tibs.testing.v1.Echo/Get", #"{"text":"hej","padding":"AAEC"}"#],
                                            environment: env(server))
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try JSONValue.parse(run.stdout) == JSONValue.parse(#"{"text":"hej","padding":"AAEC"}"#))
        }
    }

    @Test func shortMethodNamesAndRequestFilesWork() async throws {
        try await withEchoServer { server in
            let folder = TemporaryFolder()
            defer { folder.remove() }
            let request = folder.write("request.json", #"{"text": "from a file", "count": 2}"#)
            let run = try await Run.tibsctl(["call", server.address, "Echo/Get", "@" + request, "--compact"], environment: env(server))
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == #"{"text":"from a file"}"# + "\n")
        }
    }

    @Test func serverStreamingPrintsOneJSONObjectPerLine() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["call", server.address, "Expand", #"{"text":"x","count":3}"#], environment: env(server))
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.jsonLines == [#"{"text":"x"}"#, #"{"text":"x","index":1}"#, #"{"text":"x","index":2}"#])
        }
    }

    @Test func clientStreamingReadsJSONLinesFromStandardInput() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["call", server.address, "Collect", "-", "--compact"], environment: env(server),
                                            stdin: "{\"text\":\"a\"}\n\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == #"{"text":"a,b,c","index":3}"# + "\n")
        }
    }

    @Test func aBadJSONLineNamesItsLineAndIsAUsageError() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["call", server.address, "Collect", "-"], environment: env(server),
                                            stdin: "{\"text\":\"a\"}\n{\"txt\":\"b\"}\n")
            #expect(run.status == 2)
            #expect(run.stderr.contains("request line 2: tibs.testing.v1.EchoRequest has no field 'txt'"), "\(run.stderr)")
        }
    }

    @Test func addressFromEnvironmentOrProfile() async throws {
        try await withEchoServer { server in
            var environment = env(server)
            environment["TIBS_ADDRESS"] = server.address
            let fromEnvironment = try await Run.tibsctl(["call", "Get", #"{"text":"env"}"#, "--compact"], environment: environment)
            #expect(fromEnvironment.stdout == #"{"text":"env"}"# + "\n", "\(fromEnvironment.stderr)")

            let folder = TemporaryFolder()
            defer { folder.remove() }
            try FileManager.default.copyItem(atPath: server.pki("ca.pem"), toPath: folder.file("ca.pem"))
            try FileManager.default.copyItem(atPath: server.pki("admin.token"), toPath: folder.file("admin.token"))
            let profiles = folder.write("profiles.json", """
                {"default": "dev", "profiles": {
                  "dev": {"address": "\(server.address)", "ca": "ca.pem", "tokenFile": "admin.token"},
                  "broken": {"address": "127.0.0.1:1", "ca": "ca.pem"}}}
                """)
            let fromProfile = try await Run.tibsctl(["call", "Get", #"{"text":"profile"}"#, "--compact", "--profile-file", profiles])
            #expect(fromProfile.stdout == #"{"text":"profile"}"# + "\n", "\(fromProfile.stderr)")
            let otherProfile = try await Run.tibsctl(["health", "--profile", "broken"], environment: ["TIBS_PROFILE_FILE": profiles])
            #expect(otherProfile.status == 3)
            #expect(otherProfile.stdout.contains("cannot reach 127.0.0.1:1 (from profile broken): connection refused"), "\(otherProfile.stdout)")
            let missing = try await Run.tibsctl(["health", "--profile", "nope", "--profile-file", profiles])
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("profile 'nope' is not in"), "\(missing.stderr)")
        }
    }

    @Test func describeListsMethodsAndShowsFields() async throws {
        try await withEchoServer { server in
            let list = try await Run.tibsctl(["describe", server.address], environment: env(server))
            #expect(list.status == 0, "\(list.stderr)")
            #expect(list.stdout.contains("/tibs.testing.v1.Echo/Expand"))
            #expect(list.stdout.contains("server-streaming"))
            #expect(list.stdout.contains("/tibs.health.v1.Health/Check"))
            let method = try await Run.tibsctl(["describe", server.address, "Collect"], environment: env(server))
            #expect(method.status == 0, "\(method.stderr)")
            #expect(method.stdout.contains("rpc /tibs.testing.v1.Echo/Collect(stream tibs.testing.v1.EchoRequest) returns (tibs.testing.v1.EchoResponse)"))
            #expect(method.stdout.contains("  uint32 delay_ms = 3;  // JSON: delayMs"))
            #expect(method.stdout.contains("message tibs.testing.v1.EchoResponse {"))
        }
    }

    @Test func unknownMethodIsAUsageError() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["call", server.address, "Nope"], environment: env(server))
            #expect(run.status == 2)
            #expect(run.stderr.contains("the server has no method 'Nope'"), "\(run.stderr)")
        }
    }

    @Test func healthReportsServingAndUnreachable() async throws {
        try await withEchoServer { server in
            let run = try await Run.tibsctl(["health", server.address], environment: ["TIBS_CA": server.pki("ca.pem")])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("\(server.address)  SERVING"))
            let both = try await Run.tibsctl(["health", "--json", server.address, "127.0.0.1:1"], environment: ["TIBS_CA": server.pki("ca.pem")])
            #expect(both.status == 3)
            #expect(both.jsonLines.count == 2)
            #expect(both.jsonLines.last?.contains(#""status":"UNREACHABLE""#) == true)
        }
    }

    /// Readiness and liveness differ: NOT_SERVING fails `health` (exit 9) but passes `health --live`
    /// (the probe Kubernetes restarts on), which still fails when nothing answers.
    @Test func liveAcceptsNotServingButNotUnreachable() async throws {
        try await withEchoServer(["--not-serving"]) { server in
            let environment = ["TIBS_CA": server.pki("ca.pem")]
            let ready = try await Run.tibsctl(["health", server.address], environment: environment)
            #expect(ready.status == 9, "\(ready.stdout)\(ready.stderr)")
            #expect(ready.stdout.contains("NOT_SERVING") && ready.stdout.contains("held down by --not-serving"), "\(ready.stdout)")
            let live = try await Run.tibsctl(["health", "--live", server.address], environment: environment)
            #expect(live.status == 0, "\(live.stdout)\(live.stderr)")
            #expect(live.stdout.contains("NOT_SERVING"), "\(live.stdout)")
            let gone = try await Run.tibsctl(["health", "--live", "127.0.0.1:1"], environment: environment)
            #expect(gone.status == 3)
        }
    }
}

/// The CSV header is checked before any connection is made.
@Suite struct ImportHeaderTests {
    @Test func importRejectsAnUnknownHeader() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let csv = folder.write("bad.csv", "legal_name,nuts,registration_id\nA,LV008,1\n")
        let run = try await Run.tibsctl(["import", "smes", csv, "--address", "127.0.0.1:1"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown CSV column 'nuts'"), "\(run.stderr)")
    }

    @Test func importNeedsTheRequiredColumns() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let csv = folder.write("bad.csv", "legal_name,country\nA,LV\n")
        let run = try await Run.tibsctl(["import", "smes", csv, "--address", "127.0.0.1:1"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("the CSV header lacks nuts_code, registration_id"), "\(run.stderr)")
    }
}
