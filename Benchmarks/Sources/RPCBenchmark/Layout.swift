import Foundation
import NIOPosix

/// Where client and server run: on two event-loop threads of one process, or in two processes,
/// each pinned to a core of its own where the machine has two and `taskset` exists.
enum Layout: String, CaseIterable, Sendable {
    case inProcess = "in-process"
    case crossProcess = "cross-process"
}

/// Pins every thread of this process (and the threads it starts later) to `cores`, with
/// `taskset -a -p`; a no-op where taskset is missing. Returns whether it pinned.
@discardableResult
func pinThisProcess(to cores: String) -> Bool {
    guard let taskset = Tools.taskset else { return false }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: taskset)
    process.arguments = ["-a", "-p", "-c", cores, "\(getpid())"]
    process.standardOutput = FileHandle.nullDevice
    do {
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    } catch {
        return false
    }
}

enum Tools {
    static let taskset: String? = ["/usr/bin/taskset", "/bin/taskset"].first { FileManager.default.isExecutableFile(atPath: $0) }
    /// `name` found on PATH, or itself.
    static func resolve(_ name: String) -> String {
        guard !name.contains("/") else { return name }
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? name
    }

    /// Cores for (server, client) across processes, when there are at least two.
    static var separateCores: (server: String, client: String)? {
        ProcessInfo.processInfo.activeProcessorCount >= 2 && taskset != nil ? ("1", "0") : nil
    }
}

/// A server in a process of its own: `command` is started (through `taskset -c CORE` when
/// pinning), prints `port N` on its first stdout line, serves until its stdin closes.
final class ServerProcess {
    let pid: pid_t
    let port: Int
    private let process: Process
    private let stdin: Pipe

    init(_ command: [String], core: String?) throws {
        let process = Process()
        if let core, let taskset = Tools.taskset {
            process.executableURL = URL(fileURLWithPath: taskset)
            process.arguments = ["-c", core] + command
        } else {
            process.executableURL = URL(fileURLWithPath: Tools.resolve(command[0]))
            process.arguments = Array(command.dropFirst())
        }
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let port = text.split(whereSeparator: \.isNewline).first.flatMap({ $0.hasPrefix("port ") ? Int($0.dropFirst(5)) : nil }) else {
            process.terminate()
            throw BenchmarkFailure("server process \(command[0]) printed no port: \(text)")
        }
        self.process = process
        self.stdin = stdin
        self.pid = process.processIdentifier
        self.port = port
    }

    /// Closes its stdin and waits for it to end.
    func stop() {
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The path of this executable, for starting it again as a server.
func ownExecutable() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

/// Blocks a thread of its own until stdin reaches end of file: how a server process learns to stop.
func waitForStandardInputToClose() async {
    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
        Thread.detachNewThread {
            _ = FileHandle.standardInput.readDataToEndOfFile()
            done.resume()
        }
    }
}
