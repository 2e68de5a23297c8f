import Foundation

/// The built executables (`tibsctl`, `tibs-echo-server`, the services) beside the test bundle (or in
/// $TIBS_BIN): tibsctl's tests and the match process tests run the real binaries.
public enum Binaries {
    public static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["TIBS_BIN"] { return URL(fileURLWithPath: override) }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // .build/debug/TIBSPackageTests.xctest (a file on Linux, a bundle folder on macOS)
        while !FileManager.default.fileExists(atPath: url.deletingLastPathComponent().appendingPathComponent("tibsctl").path),
              url.pathComponents.count > 1 {
            url = url.deletingLastPathComponent()
        }
        return url.deletingLastPathComponent()
    }()

    public static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    public static func exists(_ name: String) -> Bool { FileManager.default.isExecutableFile(atPath: path(name)) }
}

/// A fresh folder under the system temp directory, removed by `remove()`.
public struct TemporaryFolder: Sendable {
    public let path: String

    public init() {
        path = NSTemporaryDirectory() + "tibsctl-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> String { path + "/" + name }

    public func write(_ name: String, _ text: String) -> String {
        _ = FileManager.default.createFile(atPath: file(name), contents: Data(text.utf8))
        return file(name)
    }

    public func read(_ name: String) -> String { (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? "" }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// What a finished process left.
public struct Finished: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Standard output parsed as JSON lines.
    public var jsonLines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// Runs a built program to completion, as a user would.
public enum Run {
    /// Runs a program to completion with outputs captured in files (no pipe can fill up and stall it).
    /// `timeout` only ends a hung program: 10 minutes, far above what the slowest command (a
    /// 100,000-row import) takes on two loaded cores, so no test depends on the machine's speed.
    public static func program(_ path: String, _ arguments: [String], environment: [String: String] = [:],
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
            try await Task.sleep(for: HangBound.scaled(timeout))
            process.terminate()
        }
        defer { watchdog.cancel() }
        let status = await process.exitStatus()
        return Finished(status: status, stdout: folder.read("out"), stderr: folder.read("err"))
    }

    /// tibsctl as a user runs it; where test bounds are stretched (``HangBound/scale``), so is its
    /// default call deadline (and with it its handshake bound), unless the test sets its own.
    public static func tibsctl(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) async throws -> Finished {
        var environment = environment
        if HangBound.scale > 1, environment["TIBS_TIMEOUT"] == nil { environment["TIBS_TIMEOUT"] = String(30 * HangBound.scale) }
        return try await program(Binaries.path("tibsctl"), arguments, environment: environment, stdin: stdin)
    }
}
