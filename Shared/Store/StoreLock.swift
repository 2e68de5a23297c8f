import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory `flock` on `<database>.lock` (0600, beside the database): every open
/// ``ServiceStore`` holds it shared, an offline restore takes it exclusively. So a restore
/// refuses while any process (or another store in this one) has the database open, and a store
/// refuses to open during a restore. The kernel drops the lock when its process dies, so a crashed
/// service never blocks a restore; SQLite's own locks are no such check (a database opened but
/// idle holds none).
///
/// A conflicting lock is retried for up to ``contentionWindow`` before it counts as held: a
/// `flock` belongs to the open file description, and a child process forked by another thread of
/// the same process shares it until it execs (`O_CLOEXEC` closes it only then), so a lock just
/// released can look held for those moments. A store that really has the database open holds it
/// far longer.
public final class StoreLock: Sendable {
    public static let suffix = ".lock"

    private let fd: NIOLockedValueBox<Int32?>
    public let path: String

    private init(fd: Int32, path: String) {
        self.fd = NIOLockedValueBox(fd)
        self.path = path
    }

    /// The shared lock of an opening store.
    /// - Throws: ``StoreError/unavailable(_:)`` while a restore holds it exclusively.
    static func shared(database: String) throws -> StoreLock {
        try take(database: database, operation: LOCK_SH) {
            StoreError.unavailable("a restore of \(database) is under way (it holds \(database)\(suffix))")
        }
    }

    /// The exclusive lock of a restore.
    /// - Throws: ``StoreError/inUse(path:)`` while a store holds it.
    static func exclusive(database: String) throws -> StoreLock {
        try take(database: database, operation: LOCK_EX) { StoreError.inUse(path: database) }
    }

    /// How long a conflicting lock is retried before it counts as held (see the type's comment).
    static let contentionWindow: Duration = .seconds(2)

    private static func take(database: String, operation: Int32, busy: () -> StoreError) throws -> StoreLock {
        let path = database + suffix
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.unavailable("cannot open the lock file \(path): errno \(errno)") }
        let deadline = ContinuousClock.now + contentionWindow
        while flock(fd, operation | LOCK_NB) != 0 {
            let error = errno
            if error == EINTR { continue }
            if error == EWOULDBLOCK, ContinuousClock.now < deadline {
                usleep(5_000)  // synchronous by design: opening a store and a restore block anyway
                continue
            }
            _ = close(fd)
            if error == EWOULDBLOCK { throw busy() }
            throw StoreError.unavailable("cannot lock \(path): errno \(error)")
        }
        return StoreLock(fd: fd, path: path)
    }

    /// Drops the lock (closing its descriptor); later calls do nothing.
    public func release() {
        let taken = fd.withLockedValue { fd -> Int32? in
            defer { fd = nil }
            return fd
        }
        if let taken { _ = close(taken) }
    }

    deinit { release() }
}
