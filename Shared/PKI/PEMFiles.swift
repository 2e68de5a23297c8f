import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing and reading PEM files for `tibsctl certs init` and the dev bootstrap.
public enum PEMFiles {
    /// Atomically replaces `path` with `string`. Private keys get mode 0600 from the moment the file
    /// exists (created so, then renamed into place); everything else gets 0644.
    public static func write(_ string: String, to path: String, privateKey: Bool) throws(PKIError) {
        let mode: mode_t = privateKey ? 0o600 : 0o644
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw lastError(path) }
        var failure: PKIError?
        if fchmod(fd, mode) != 0 || !writeAll(fd, Data(string.utf8)) || fsync(fd) != 0 {
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

    /// Reads a PEM (or any UTF-8) file.
    public static func read(_ path: String) throws(PKIError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .io(path: path, reason: "cannot read file")
        }
    }

    private static func lastError(_ path: String) -> PKIError {
        .io(path: path, reason: String(cString: strerror(errno)))
    }
}

/// File scope so `write` is the POSIX call, not `PEMFiles.write`.
private func writeAll(_ fd: Int32, _ data: Data) -> Bool {
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
