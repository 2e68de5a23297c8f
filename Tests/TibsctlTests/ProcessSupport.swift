import Foundation
import Synchronization
import TIBSTestSupport

// The echo server for tibsctl's tests (Binaries, Run and TemporaryFolder live in
// TIBSTestSupport, shared with the match process tests).

/// A server process started for one test: waits for its "listening on host:port" line.
final class ServerProcess: Sendable {
    let process: ChildProcess
    let port: Int
    let folder: TemporaryFolder
    let output: String

    private init(process: ChildProcess, port: Int, folder: TemporaryFolder, output: String) {
        self.process = process
        self.port = port
        self.folder = folder
        self.output = output
    }

    var address: String { "127.0.0.1:\(port)" }
    /// A file the echo server wrote (ca.pem, admin.token, issuer.key, …).
    func pki(_ name: String) -> String { folder.file("pki/" + name) }

    /// Starts `tibs-echo-server` writing its PKI and tokens into a fresh folder.
    static func echo(_ extra: [String] = []) async throws -> ServerProcess {
        let folder = TemporaryFolder()
        return try await start(Binaries.path("tibs-echo-server"), ["--dir", folder.file("pki"), "--port", "0"] + extra, folder: folder)
    }

    static func start(_ path: String, _ arguments: [String], folder: TemporaryFolder, environment: [String: String] = [:]) async throws -> ServerProcess {
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        let out = folder.file("server.out")
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        // The banner is read from a pipe as it is written (an event), copied to server.out.
        do {
            let (process, port) = try await BannerReader.start(path, arguments, environment: env, stderr: .file(folder.file("server.err")),
                                                               name: URL(fileURLWithPath: path).lastPathComponent,
                                                               copyTo: try FileHandle(forWritingTo: URL(fileURLWithPath: out)))
            return ServerProcess(process: process, port: port, folder: folder, output: folder.read("server.out"))
        } catch {
            throw ServerStartError(output: folder.read("server.out") + folder.read("server.err"))
        }
    }

    /// Stops the server (SIGTERM) and removes its folder.
    func stop() {
        process.terminate()
        process.waitUntilExit()
        folder.remove()
    }
}

struct ServerStartError: Error, CustomStringConvertible {
    let output: String
    var description: String { "server did not start: \(output)" }
}

/// Runs `body` with an echo server process, stopping it afterwards whatever happens.
func withEchoServer<T: Sendable>(_ extra: [String] = [], _ body: (ServerProcess) async throws -> T) async throws -> T {
    let server = try await ServerProcess.echo(extra)
    do {
        let result = try await body(server)
        server.stop()
        return result
    } catch {
        server.stop()
        throw error
    }
}
