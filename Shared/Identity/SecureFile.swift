import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file operation that failed, with the path and the system's reason.
public struct SecureFileError: Error, Equatable, Sendable {
    public let path: String
    public let reason: String
}

/// Atomic file replacement with an exact mode: the temporary file is created with `mode` (then fchmod'ed,
/// so the umask cannot change it), written, fsync'ed and renamed over `path`.
/// A key file is therefore never visible with wider permissions or half written.
public enum SecureFile {
    public static func replace(_ path: String, with data: Data, mode: mode_t) throws(SecureFileError) {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw lastError(path) }
        var failure: SecureFileError?
        if fchmod(fd, mode) != 0 || !writeAll(fd, data) || fsync(fd) != 0 {
            failure = lastError(path)
        }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 {
            failure = lastError(path)
        }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    public static func readText(at path: String) throws(SecureFileError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SecureFileError(path: path, reason: "cannot read file")
        }
    }

    private static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                // reason: offset < buffer.count, so the buffer is non-empty and has a base address.
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }

    private static func lastError(_ path: String) -> SecureFileError {
        SecureFileError(path: path, reason: String(cString: strerror(errno)))
    }
}
