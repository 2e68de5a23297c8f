import Foundation

/// The store's files hold personal data: the database, its WAL and shared-memory files and
/// every backup are readable and writable by the service's own user only (0600), as the keys
/// already are, whatever the process umask.
///
/// SQLite creates a missing database file with 0644 (less the umask) and gives the `-wal`,
/// `-shm` and `-journal` files it creates the database file's mode: so the database file is
/// created 0600 here, before SQLite opens it, and files of an older run are tightened.
enum PrivateFiles {
    static let mode: Int16 = 0o600
    static let companions = ["", "-wal", "-shm", "-journal"]

    /// Creates `path` empty with mode 0600 if it is missing (an empty file is a valid empty
    /// SQLite database), and sets 0600 on it and any companion file that already exists.
    static func prepare(_ path: String) throws {
        let files = FileManager.default
        if !files.fileExists(atPath: path) {
            guard files.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: mode]) else {
                throw StoreError.unavailable("cannot create the database file \(path)")
            }
        }
        try tighten(path)
    }

    /// Sets 0600 on `path` and its companion files, those that exist.
    static func tighten(_ path: String) throws {
        for suffix in companions where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path + suffix)
        }
    }
}
