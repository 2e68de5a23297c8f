import Foundation
import Glibc
import NIOConcurrencyHelpers

/// A child process started with `posix_spawn`, for the multi-process tests.
///
/// Why not Foundation's `Process`: on Linux its `run()` scans `/proc/self/fd` copying a whole
/// 256-byte `dirent` name for every entry, reading past the end of readdir's buffer
/// (swift-corelibs-foundation#5472, fixed after Swift 6.3). With a thousand sockets open — as the
/// connection-limit tests hold while the process tests spawn — that over-read crossed into an
/// unmapped page and the whole test process died of SIGSEGV on CI. `swift-subprocess` avoids the
/// scan too, but its scoped `run { }` cannot hold a child the test kills and restarts across its
/// body, which every crash-recovery test does. So: posix_spawn, every descriptor above stderr
/// closed in the child (`addclosefrom_np`), signal dispositions and mask reset to defaults.
public final class ChildProcess: Sendable {
    /// Where one of the child's standard streams goes.
    public enum Output: Sendable {
        case null
        /// Truncated, then written by the child.
        case file(String)
        /// A pipe read by a thread of its own; `handler` gets each chunk, then `nil` at end of file.
        case pipe(@Sendable (Data?) -> Void)
    }

    public let processIdentifier: pid_t
    /// The exit status (or, for a child ended by a signal, the signal's number), once reaped.
    private let status = NIOLockedValueBox<Int32?>(nil)
    private let waiters = NIOLockedValueBox<[CheckedContinuation<Int32, Never>]>([])
    private let exited = DispatchSemaphore(value: 0)

    private init(pid: pid_t) { processIdentifier = pid }

    public var isRunning: Bool { status.withLockedValue { $0 == nil } }

    /// The exit status, `nil` while running.
    public var terminationStatus: Int32? { status.withLockedValue { $0 } }

    /// Starts `path` with `arguments`; `environment` nil keeps this process's.
    public static func spawn(_ path: String, _ arguments: [String], environment: [String: String]? = nil,
                             stdin: String? = nil, stdout: Output = .null, stderr: Output = .null) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        var defaults = sigset_t()
        sigfillset(&defaults)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
        var readEnds: [(fd: Int32, handler: @Sendable (Data?) -> Void)] = []
        var writeEnds: [Int32] = []
        defer { for fd in writeEnds { close(fd) } }
        for (target, output) in [(Int32(1), stdout), (Int32(2), stderr)] {
            switch output {
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            case .file(let file):
                posix_spawn_file_actions_addopen(&actions, target, file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            case .pipe(let handler):
                var ends: [Int32] = [0, 0]
                guard pipe(&ends) == 0 else { throw ChildProcessError("pipe", errno) }
                // Close-on-exec in this process: only the dup2 below hands the write end to the child.
                for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                posix_spawn_file_actions_adddup2(&actions, ends[1], target)
                readEnds.append((ends[0], handler))
                writeEnds.append(ends[1])
            }
        }
        Self.closeFrom(3, &actions)

        let argv = ([path] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") }
        defer { env.forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, argv + [nil], env + [nil])
        guard result == 0 else {
            for (fd, _) in readEnds { close(fd) }
            throw ChildProcessError("posix_spawn \(path)", result)
        }
        let child = ChildProcess(pid: pid)
        for (fd, handler) in readEnds { Self.readUntilEnd(fd, handler) }
        child.reapWhenExited()
        return child
    }

    public func signal(_ number: Int32) { if isRunning { _ = kill(processIdentifier, number) } }

    /// SIGTERM: asks the child to end.
    public func terminate() { signal(SIGTERM) }

    /// Blocks until the child has exited (tests only call it right after a signal).
    public func waitUntilExit() {
        exited.wait()
        exited.signal()
    }

    /// The exit status, once the child has exited.
    public func exitStatus() async -> Int32 {
        await withCheckedContinuation { continuation in
            let done: Int32? = status.withLockedValue { status in
                if let status { return status }
                waiters.withLockedValue { $0.append(continuation) }
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// A thread blocked in waitpid: the one place the child is reaped.
    private func reapWhenExited() {
        let pid = processIdentifier
        Thread.detachNewThread { [self] in
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) == -1, errno == EINTR {}
            let signalled = raw & 0x7f
            let code = signalled == 0 ? (raw >> 8) & 0xff : signalled
            let resumed = status.withLockedValue { status in
                status = code
                return waiters.withLockedValue { waiting in defer { waiting = [] }; return waiting }
            }
            exited.signal()
            for waiter in resumed { waiter.resume(returning: code) }
        }
    }

    private static func readUntilEnd(_ fd: Int32, _ handler: @escaping @Sendable (Data?) -> Void) {
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    handler(Data(buffer[0..<count]))
                } else if count == -1, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(fd)
            handler(nil)
        }
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34) is not visible through Swift's
    /// Glibc module, so it is looked up once by name.
    private static func closeFrom(_ lowest: Int32, _ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, lowest)
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String
    init(_ what: String, _ code: Int32) { description = "\(what) failed: \(String(cString: strerror(code)))" }
}
