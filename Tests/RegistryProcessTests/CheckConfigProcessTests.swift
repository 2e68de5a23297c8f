import Foundation
import Testing
import TIBSPKI
import TIBSTestSupport

/// `--check-config` of the real executables: one `configuration ok` line and status 0, or one
/// `configuration error` line naming the flag and its `TIBS_*` variable and status 64; the
/// store is never opened (the data folder stays as it was).
@Suite struct CheckConfigProcessTests {
    /// A folder with the test PKI's certificate, key and issuer key (``ServiceProcess/prepare(_:)``).
    struct Setup {
        let root: URL
        var path: String { root.path }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("tibs-check-config-\(UUID().uuidString)")
            try ServiceProcess.prepare(root)
        }

        func file(_ name: String) -> String { root.appendingPathComponent(name).path }

        /// Every service's flags for this folder, on free ports unless the test names its own.
        func flags(dataDir: String? = nil, port: Int = 0, metricsPort: Int = 0) -> [String] {
            ["--host", "127.0.0.1", "--port", String(port), "--metrics-port", String(metricsPort),
             "--data-dir", dataDir ?? file("data"), "--tls-cert", file("cert.pem"), "--tls-key", file("key.pem"),
             "--issuer-keys", file("issuer.pem")]
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static func check(_ executable: ServiceProcess.Executable, _ arguments: [String], environment: [String: String] = [:]) async throws -> Finished {
        try await Run.program(try executable.url.path, ["--check-config"] + arguments, environment: environment, timeout: .seconds(120))
    }

    /// The one error line of a refused check, and its status.
    static func expectRefused(_ finished: Finished, _ executable: String, _ message: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(finished.status == 64, "\(finished.stderr)", sourceLocation: sourceLocation)
        #expect(finished.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(finished.stderr.hasPrefix("\(executable): configuration error: "), "\(finished.stderr)", sourceLocation: sourceLocation)
        #expect(finished.stderr.contains(message), "\(finished.stderr)", sourceLocation: sourceLocation)
        #expect(finished.stderr.split(separator: "\n").count == 1, "\(finished.stderr)", sourceLocation: sourceLocation)
    }

    @Test func aGoodConfigurationPrintsOneLineAndCreatesNothing() async throws {
        let setup = try Setup()
        defer { setup.remove() }
        let finished = try await Self.check(.registry, setup.flags())
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(finished.stdout == "tibs-registry: configuration ok (port any, metrics any, grpc any, no client CA, 1 issuer key, data \(setup.file("data")) (created at start))\n")
        #expect(finished.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: setup.file("data")), "the data folder is only checked")

        // An existing folder: no database appears in it, no probe file stays.
        try FileManager.default.createDirectory(atPath: setup.file("data"), withIntermediateDirectories: true)
        let again = try await Self.check(.registry, setup.flags())
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.file("data")).isEmpty)
    }

    @Test func theEnvironmentIsReadAsAStartReadsIt() async throws {
        let setup = try Setup()
        defer { setup.remove() }
        let environment = ["TIBS_HOST": "127.0.0.1", "TIBS_PORT": "0", "TIBS_DATA_DIR": setup.file("data"),
                           "TIBS_TLS_CERT": setup.file("cert.pem"), "TIBS_TLS_KEY": setup.file("key.pem"),
                           "TIBS_ISSUER_KEYS": setup.file("issuer.pem"), "TIBS_METRICS": "off"]
        let finished = try await Self.check(.registry, [], environment: environment)
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(finished.stdout.hasPrefix("tibs-registry: configuration ok (port any, metrics off, "))
        var missing = environment
        missing["TIBS_TLS_CERT"] = setup.file("nowhere.pem")
        Self.expectRefused(try await Self.check(.registry, [], environment: missing), "tibs-registry",
                           "--tls-cert (TIBS_TLS_CERT) \(setup.file("nowhere.pem")): no such file")
        var notANumber = environment
        notANumber["TIBS_PORT"] = "74o1"
        Self.expectRefused(try await Self.check(.registry, [], environment: notANumber), "tibs-registry",
                           "--port (TIBS_PORT) 74o1 is not a whole number")
    }

    @Test func aCommandLineArgumentParserRefusesIsOneErrorLineToo() async throws {
        let setup = try Setup()
        defer { setup.remove() }
        Self.expectRefused(try await Self.check(.registry, setup.flags() + ["--no-such-flag"]), "tibs-registry", "--no-such-flag")
        Self.expectRefused(try await Self.check(.match, setup.flags() + ["--max-connections", "many"]), "tibs-match", "many")
        // Without --check-config the usual usage error, with its usage text.
        let plain = try await Run.program(try ServiceProcess.Executable.registry.url.path, ["--no-such-flag"])
        #expect(plain.status == 64 && plain.stderr.contains("Usage:"), "\(plain.stderr)")
    }

    @Test func aMissingCertificateIsRefused() async throws {
        let setup = try Setup()
        defer { setup.remove() }
        try FileManager.default.removeItem(atPath: setup.file("cert.pem"))
        Self.expectRefused(try await Self.check(.registry, setup.flags()), "tibs-registry",
                           "--tls-cert (TIBS_TLS_CERT) \(setup.file("cert.pem")): no such file")
    }

    @Test func aClientCAWithoutCertificatesIsRefusedAndAGoodOneNamed() async throws {
        let setup = try Setup()
        defer { setup.remove() }
        Self.expectRefused(try await Self.check(.registry, setup.flags() + ["--client-ca", setup.file("issuer.pem")]), "tibs-registry",
                           "--client-ca (TIBS_CLIENT_CA) \(setup.file("issuer.pem")) holds no PEM certificate")
        try Data(TestPKI.shared.ca.certificatePEM.utf8).write(to: setup.root.appendingPathComponent("ca.pem"))
        let required = try await Self.check(.registry, setup.flags() + ["--client-ca", setup.file("ca.pem"), "--require-client-cert"])
        #expect(required.status == 0, "\(required.stderr)")
        #expect(required.stdout.contains(", client certificates required, "), "\(required.stdout)")
    }

    @Test func aKeyThatIsNotTheCertificatesIsRefused() async throws {
        let setup = try Setup()
        defer { setup.remove() }
        try PEMFiles.write(TestPKI.shared.client.privateKeyPEM, to: setup.file("key.pem"), privateKey: true)
        Self.expectRefused(try await Self.check(.catalogue, setup.flags()), "tibs-catalogue",
                           "--tls-key (TIBS_TLS_KEY) \(setup.file("key.pem")) is not the key of the certificate in --tls-cert (TIBS_TLS_CERT)")
    }

    @Test func aDataFolderThatIsAFileOrCannotBeWrittenIsRefused() async throws {
        let setup = try Setup()
        defer { setup.remove() }
        let file = setup.file("cert.pem")
        Self.expectRefused(try await Self.check(.registry, setup.flags(dataDir: file)), "tibs-registry",
                           "--data-dir (TIBS_DATA_DIR) \(file) is a file, not a folder")
        // /proc refuses new files even to root (tests run as root: permission bits would not stop it).
        Self.expectRefused(try await Self.check(.registry, setup.flags(dataDir: "/proc/tibs-data")), "tibs-registry",
                           "--data-dir (TIBS_DATA_DIR) /proc/tibs-data cannot be created: /proc is not writable")
        Self.expectRefused(try await Self.check(.registry, setup.flags(dataDir: file + "/data")), "tibs-registry",
                           "--data-dir (TIBS_DATA_DIR) \(file)/data cannot be created: \(file) is a file, not a folder")
    }

    @Test func aPortInUseIsRefused() async throws {
        let setup = try Setup()
        defer { setup.remove() }
        let listener = try Listener()
        defer { listener.stop() }
        Self.expectRefused(try await Self.check(.registry, setup.flags(port: listener.port)), "tibs-registry",
                           "--port (TIBS_PORT) \(listener.port) on 127.0.0.1 cannot be bound: Address already in use")
        Self.expectRefused(try await Self.check(.registry, setup.flags(metricsPort: listener.port)), "tibs-registry",
                           "--metrics-port (TIBS_METRICS_PORT) \(listener.port) on 127.0.0.1 cannot be bound: Address already in use")
        Self.expectRefused(try await Self.check(.registry, setup.flags() + ["--grpc-port", "\(listener.port)"]), "tibs-registry",
                           "--grpc-port (TIBS_GRPC_PORT) \(listener.port) on 127.0.0.1 cannot be bound: Address already in use")
    }

    @Test func theGRPCPortIsNeitherTheRPCNorTheMetricsPortAndCanBeSwitchedOff() async throws {
        let setup = try Setup()
        defer { setup.remove() }
        Self.expectRefused(try await Self.check(.registry, setup.flags(port: 7901) + ["--grpc-port", "7901"]), "tibs-registry",
                           "--grpc-port (TIBS_GRPC_PORT) 7901 is also --port (TIBS_PORT)")
        let off = try await Self.check(.registry, setup.flags() + ["--no-grpc"])
        #expect(off.status == 0, "\(off.stderr)")
        #expect(off.stdout.contains("metrics any, grpc off, "), "\(off.stdout)")
    }

    @Test func aBrokenIssuerKeyFileIsRefused() async throws {
        let setup = try Setup()
        defer { setup.remove() }
        try Data("not a key\n".utf8).write(to: setup.root.appendingPathComponent("issuer.pem"))
        Self.expectRefused(try await Self.check(.registry, setup.flags()), "tibs-registry", "--issuer-keys (TIBS_ISSUER_KEYS): ")
        Self.expectRefused(try await Self.check(.registry, setup.flags() + ["--issuer-keys", setup.file("none.pem")]), "tibs-registry",
                           "--issuer-keys (TIBS_ISSUER_KEYS): issuer key \(setup.file("none.pem")) does not exist")
    }

    @Test func policyAndMatchCheckTheirOwnOptions() async throws {
        let setup = try Setup()
        defer { setup.remove() }
        try Data(TestPKI.shared.token(.service, subject: "tibs-policy").utf8).write(to: setup.root.appendingPathComponent("follow.token"))
        try Data(TestPKI.shared.ca.certificatePEM.utf8).write(to: setup.root.appendingPathComponent("ca.pem"))
        let follow = ["--follow-token-file", setup.file("follow.token"), "--follow-ca", setup.file("ca.pem")]
        let policy = try await Self.check(.policy, setup.flags() + ["--follow", "registry=127.0.0.1:7401"] + follow)
        #expect(policy.status == 0, "\(policy.stderr)")
        #expect(policy.stdout.hasPrefix("tibs-policy: configuration ok (") && policy.stdout.hasSuffix(", follows registry=127.0.0.1:7401)\n"), "\(policy.stdout)")
        let match = try await Self.check(.match, setup.flags() + ["--follow-registry", "lv=127.0.0.1:7401"] + follow)
        #expect(match.status == 0, "\(match.stderr)")
        #expect(match.stdout.hasSuffix(", follows lv=127.0.0.1:7401)\n"), "\(match.stdout)")

        Self.expectRefused(try await Self.check(.policy, setup.flags() + ["--follow", "registry=127.0.0.1:7401", "--follow-token-file", setup.file("none.token")]),
                           "tibs-policy", "--follow-token-file (TIBS_FOLLOW_TOKEN_FILE) \(setup.file("none.token")): no such file")
        Self.expectRefused(try await Self.check(.match, setup.flags() + ["--follow-ca", setup.file("follow.token")]),
                           "tibs-match", "--follow-ca (TIBS_FOLLOW_CA) holds no PEM certificate")
        Self.expectRefused(try await Self.check(.match, setup.flags() + ["--weights", setup.file("none.json")]), "tibs-match", "none.json")
        Self.expectRefused(try await Self.check(.match, setup.flags() + ["--alert-threshold", "2"]), "tibs-match", "--alert-threshold (TIBS_ALERT_THRESHOLD) must be a number in 0...1")
    }
}

/// A TCP listener on 127.0.0.1 at a free port, so a check finds that port taken.
struct Listener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = descriptor >= 0 && withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 1) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw ProcessTestError("cannot listen on 127.0.0.1: \(String(cString: strerror(errno)))") }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func stop() { _ = close(descriptor) }
}
