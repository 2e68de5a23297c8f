import Foundation
import TIBSIdentity
import TIBSPKI
import TIBSRPC
import TIBSTestSupport

/// The built `tibs-registry` executable, run as a child process on an ephemeral port with
/// its data in `directory`. `scripts/test` builds it before the tests run.
struct RegistryProcess {
    let process: Process
    let port: Int
    let output: URL

    /// `.build/<config>/tibs-registry` beside the test bundle (or next to the sources, as a fallback).
    static var executable: URL {
        get throws {
            var candidates: [URL] = []
            if let bundle = Bundle.main.executableURL {
                candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("tibs-registry"))
            }
            for bundle in Bundle.allBundles {
                candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("tibs-registry"))
            }
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(root.appendingPathComponent(".build/debug/tibs-registry"))
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw ProcessTestError("tibs-registry is not built; run `swift build --product tibs-registry` (scripts/test does)")
            }
            return found
        }
    }

    /// Writes the test PKI's server certificate and issuer key into `directory` once.
    static func prepare(_ directory: URL) throws {
        let pki = TestPKI.shared
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try PEMFiles.write(pki.server.certificatePEM, to: directory.appendingPathComponent("cert.pem").path, privateKey: false)
        try PEMFiles.write(pki.server.privateKeyPEM, to: directory.appendingPathComponent("key.pem").path, privateKey: true)
        try IssuerKeyFile.writePublicKey(pki.issuer.publicKey, to: directory.appendingPathComponent("issuer.pem").path)
    }

    /// Starts the service on port 0 and waits for its banner to name the port.
    static func start(in directory: URL, run: Int) async throws -> RegistryProcess {
        let output = directory.appendingPathComponent("stdout-\(run).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = try executable
        process.arguments = [
            "--host", "127.0.0.1", "--port", "0", "--data-dir", directory.appendingPathComponent("data").path,
            "--tls-cert", directory.appendingPathComponent("cert.pem").path, "--tls-key", directory.appendingPathComponent("key.pem").path,
            "--issuer-keys", directory.appendingPathComponent("issuer.pem").path, "--log-level", "warning",
        ]
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        // The banner is read as it is written (an event), not polled for; a copy goes to `output`.
        let port = try await BannerReader.startAndReadPort(process, name: "tibs-registry", copyTo: try FileHandle(forWritingTo: output))
        return RegistryProcess(process: process, port: port, output: output)
    }

    /// SIGKILL: no shutdown code runs, nothing is flushed that was not already durable.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM and wait: the graceful path.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    func client(_ role: Role = .admin) throws -> RPCClient {
        try makeTestClient(port: port, token: TestPKI.shared.token(role, subject: "process-test"))
    }
}

struct ProcessTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

