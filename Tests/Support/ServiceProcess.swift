import Foundation
import TIBSIdentity
import TIBSPKI
import TIBSRPC

/// A built TIBS service executable (`tibs-registry`, `tibs-catalogue`, …), run as a child
/// process on an ephemeral port with its data in `directory`. The multi-process tests kill it
/// and start it again on the same folder; `scripts/test` builds the executables before they run.
public struct ServiceProcess {
    /// Which executable, and the name of the SQLite file it keeps in its data folder.
    public struct Executable: Sendable {
        public let name: String
        public let databaseFile: String

        public init(name: String, databaseFile: String) {
            self.name = name
            self.databaseFile = databaseFile
        }

        public static let registry = Executable(name: "tibs-registry", databaseFile: "registry.sqlite")
        public static let catalogue = Executable(name: "tibs-catalogue", databaseFile: "catalogue.sqlite")
        public static let policy = Executable(name: "tibs-policy", databaseFile: "policy.sqlite")
        public static let match = Executable(name: "tibs-match", databaseFile: "match.sqlite")

        /// `.build/<config>/<name>` beside the test bundle (or next to the sources, as a fallback).
        public var url: URL {
            get throws {
                var candidates: [URL] = []
                if let bundle = Bundle.main.executableURL {
                    candidates.append(bundle.deletingLastPathComponent().appendingPathComponent(name))
                }
                for bundle in Bundle.allBundles {
                    candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent(name))
                }
                let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                candidates.append(root.appendingPathComponent(".build/debug/\(name)"))
                guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                    throw ProcessTestError("\(name) is not built; run `swift build --product \(name)` (scripts/test does)")
                }
                return found
            }
        }
    }

    public let process: ChildProcess
    public let port: Int
    public let output: URL
    /// The service's SQLite file inside the data folder.
    public let database: URL

    /// Writes the test PKI's server certificate and issuer key into `directory` once.
    public static func prepare(_ directory: URL) throws {
        let pki = TestPKI.shared
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try PEMFiles.write(pki.server.certificatePEM, to: directory.appendingPathComponent("cert.pem").path, privateKey: false)
        try PEMFiles.write(pki.server.privateKeyPEM, to: directory.appendingPathComponent("key.pem").path, privateKey: true)
        try IssuerKeyFile.writePublicKey(pki.issuer.publicKey, to: directory.appendingPathComponent("issuer.pem").path)
    }

    /// Starts `executable` on port 0 with its data in `directory/data` and waits for its banner
    /// to name the port. `run` numbers the copy of its standard output (`stdout-<run>.txt`) and
    /// its standard error (`stderr-<run>.txt`), whose end a failed start's error carries.
    /// `port` other than 0 restarts a service where its followers expect it; `arguments` are the
    /// executable's own flags (e.g. the policy service's `--follow`).
    /// `issuerKeys`: a file or folder of issuer public keys instead of `directory/issuer.pem`.
    public static func start(_ executable: Executable, in directory: URL, run: Int, port: Int = 0,
                             arguments: [String] = [], issuerKeys: URL? = nil) async throws -> ServiceProcess {
        let output = directory.appendingPathComponent("stdout-\(run).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let data = directory.appendingPathComponent("data")
        let flags = [
            "--host", "127.0.0.1", "--port", String(port), "--data-dir", data.path,
            "--tls-cert", directory.appendingPathComponent("cert.pem").path, "--tls-key", directory.appendingPathComponent("key.pem").path,
            "--issuer-keys", (issuerKeys ?? directory.appendingPathComponent("issuer.pem")).path, "--log-level", "warning",
        ] + arguments
        // Standard error goes to a file of its own: a start that fails says why (a sanitizer's
        // report, a crash, a message the logger never got to write to standard output).
        let errors = directory.appendingPathComponent("stderr-\(run).txt")
        // The banner is read as it is written (an event), not polled for; a copy goes to `output`.
        let process: ChildProcess, bound: Int
        do {
            (process, bound) = try await BannerReader.start(try executable.url.path, flags, stderr: .file(errors.path), name: executable.name,
                                                           copyTo: try FileHandle(forWritingTo: output))
        } catch {
            let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw ProcessTestError("\(error); its standard error: \(stderr.isEmpty ? "empty" : String(stderr.suffix(4000)))")
        }
        return ServiceProcess(process: process, port: bound, output: output, database: data.appendingPathComponent(executable.databaseFile))
    }

    /// SIGKILL: no shutdown code runs, nothing is flushed that was not already durable.
    public func kill() {
        process.signal(SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM and wait: the graceful path.
    public func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    public func client(_ role: Role = .admin) throws -> RPCClient {
        try makeTestClient(port: port, token: TestPKI.shared.token(role, subject: "process-test"))
    }
}

public struct ProcessTestError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
