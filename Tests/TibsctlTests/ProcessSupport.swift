import Foundation
import Synchronization
import TIBSTestSupport

/// Real processes for tibsctl's tests: the built `tibsctl`, `tibs-echo-server` and (after the
/// registry lands) `tibs-registry` binaries, found beside the test bundle (or in $TIBS_BIN).
enum Binaries {
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["TIBS_BIN"] { return URL(fileURLWithPath: override) }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // .build/debug/TIBSPackageTests.xctest (a file on Linux, a bundle folder on macOS)
        while !FileManager.default.fileExists(atPath: url.deletingLastPathComponent().appendingPathComponent("tibsctl").path),
              url.pathComponents.count > 1 {
            url = url.deletingLastPathComponent()
        }
        return url.deletingLastPathComponent()
    }()

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    static func exists(_ name: String) -> Bool { FileManager.default.isExecutableFile(atPath: path(name)) }
}

/// A fresh folder under the system temp directory, removed by `remove()`.
struct TemporaryFolder: Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "tibsctl-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ text: String) -> String {
        _ = FileManager.default.createFile(atPath: file(name), contents: Data(text.utf8))
        return file(name)
    }

    func read(_ name: String) -> String { (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? "" }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// What a finished process left.
struct Finished: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Standard output parsed as JSON lines.
    var jsonLines: [String] { stdout.split(separator: "\n").map(String.init) }
}

enum Run {
    /// Runs a program to completion with outputs captured in files (no pipe can fill up and stall it).
    /// `timeout` only ends a hung program: 10 minutes, far above what the slowest command (a
    /// 100,000-row import) takes on two loaded cores, so no test depends on the machine's speed.
    static func program(_ path: String, _ arguments: [String], environment: [String: String] = [:],
                        stdin: String? = nil, timeout: Duration = .seconds(600)) async throws -> Finished {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TIBS_") || $0.key == "TIBS_BIN" }
        env["HOME"] = folder.path  // no profile file of the user's leaks in
        env.merge(environment) { _, new in new }
        let input = folder.write("in", stdin ?? "")
        let process = try ChildProcess.spawn(path, arguments, environment: env, stdin: input,
                                             stdout: .file(folder.file("out")), stderr: .file(folder.file("err")))
        // A hung process fails its test instead of the whole run.
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            process.terminate()
        }
        defer { watchdog.cancel() }
        let status = await process.exitStatus()
        return Finished(status: status, stdout: folder.read("out"), stderr: folder.read("err"))
    }

    static func tibsctl(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) async throws -> Finished {
        try await program(Binaries.path("tibsctl"), arguments, environment: environment, stdin: stdin)
    }
}

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
