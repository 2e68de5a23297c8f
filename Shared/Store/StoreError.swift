import GRDB

/// Errors a service can map one-to-one onto a TIBS-RPC status (see ``rpcStatusCode``).
///
/// Store code throws these for conditions the caller must answer to a client;
/// anything else that escapes (a raw `DatabaseError`) is a fault and maps to INTERNAL.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The idempotency key was already used for a different request (other body or method)
    /// within the TTL. Map to FAILED_PRECONDITION: the client must pick a new key.
    case idempotencyKeyReused(key: String)
    /// The entity does not exist. Map to NOT_FOUND.
    case notFound(entityType: String, entityID: String)
    /// A natural key or unique constraint is taken. Map to ALREADY_EXISTS.
    case alreadyExists(String)
    /// Optimistic concurrency failed (stale expected version) or a group-commit batch
    /// was aborted by SQLite; nothing was written. Map to ABORTED: retry after re-reading.
    case conflict(String)
    /// The store is closed or SQLite cannot take writes right now. Map to UNAVAILABLE.
    case unavailable(String)
    /// `backup(to:)` refuses to overwrite an existing file. Map to ALREADY_EXISTS.
    case backupTargetExists(path: String)
    /// A stored row or a copied file failed validation. Map to DATA_LOSS.
    case dataLoss(String)
    /// An offline step (``ServiceStore/restore(from:to:)``) found the database open: a store holds
    /// its lock file (``StoreLock``). Map to FAILED_PRECONDITION.
    case inUse(path: String)
    /// The store was used against its contract (a bug in the calling service). Map to INTERNAL.
    case misuse(String)

    /// The gRPC/TIBS-RPC status code number (PROTOCOL.md, "Status codes").
    public var rpcStatusCode: Int32 {
        switch self {
        case .idempotencyKeyReused, .inUse: 9   // FAILED_PRECONDITION
        case .notFound: 5               // NOT_FOUND
        case .alreadyExists, .backupTargetExists: 6  // ALREADY_EXISTS
        case .conflict: 10              // ABORTED
        case .unavailable: 14           // UNAVAILABLE
        case .dataLoss: 15              // DATA_LOSS
        case .misuse: 13                // INTERNAL
        }
    }

    public var description: String {
        switch self {
        case .idempotencyKeyReused(let key): "idempotency key \(key) was already used for a different request"
        case .notFound(let type, let id): "\(type) \(id) not found"
        case .alreadyExists(let what): "already exists: \(what)"
        case .conflict(let what): "conflict: \(what)"
        case .unavailable(let why): "store unavailable: \(why)"
        case .backupTargetExists(let path): "backup target \(path) already exists"
        case .dataLoss(let what): "data loss: \(what)"
        case .inUse(let path): "the database \(path) is in use (its lock \(path)\(StoreLock.suffix) is held): stop the service first"
        case .misuse(let what): "store misuse: \(what)"
        }
    }

    /// Translates the SQLite errors a service can expect from a well-formed statement
    /// (unique violation, busy database, full disk) into a `StoreError`; returns nil for
    /// anything else, which the caller should treat as INTERNAL.
    public init?(_ error: DatabaseError) {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            self = .alreadyExists(error.message ?? "unique constraint")
        default:
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_IOERR:
                self = .unavailable(error.message ?? "\(error.resultCode)")
            default:
                return nil
            }
        }
    }
}
