import Foundation
import Synchronization
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
        // The banner is read as it is written (an event), not polled for; a copy goes to `output`.
        let banner = BannerReader(copyTo: try FileHandle(forWritingTo: output))
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { banner.feed(data) }
        }
        process.terminationHandler = { ended in
            banner.finish(.failure(ProcessTestError("tibs-registry exited with \(ended.terminationStatus): \(banner.text)")))
        }
        try ProcessLauncher.run(process)
        // Only a hung process reaches this bound.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(60))
            banner.finish(.failure(ProcessTestError("tibs-registry did not report its port within 60 s: \(banner.text)")))
        }
        defer { watchdog.cancel() }
        do {
            return RegistryProcess(process: process, port: try await banner.port(), output: output)
        } catch {
            process.terminate()
            throw error
        }
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

/// The child's standard output as it arrives: copied to a file, scanned for the banner line
/// `… listening on 127.0.0.1:<port> …`, whose port ``port()`` returns once it is there.
final class BannerReader: Sendable {
    private struct State {
        var text = ""
        var result: Result<Int, any Error>?
        var waiter: CheckedContinuation<Int, any Error>?
    }
    private let state = Mutex(State())
    private let copy: FileHandle

    init(copyTo copy: FileHandle) { self.copy = copy }

    var text: String { state.withLock { $0.text } }

    func feed(_ data: Data) {
        copy.write(data)
        let port = state.withLock { state -> Int? in
            state.text += String(decoding: data, as: UTF8.self)
            guard let line = state.text.split(separator: "\n").first(where: { $0.contains("listening on 127.0.0.1:") }) else { return nil }
            return line.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }
        }
        if let port { finish(.success(port)) }
    }

    /// The first result wins; later ones (the process ending after its banner) change nothing.
    func finish(_ result: Result<Int, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Int, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    func port() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Int, any Error>? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
