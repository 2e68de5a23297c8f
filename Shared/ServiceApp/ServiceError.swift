/// Why a use case of any service refused; the ports answer each with its TIBS-RPC status
/// (PROTOCOL.md error table; the mapping is in TIBSServiceKit). Broken field rules are
/// `ValidationErrors` (INVALID_ARGUMENT) instead. Details are sent to the caller, so they
/// name ids and codes, never personal data.
public enum ServiceError: Error, Sendable, Equatable {
    /// NOT_FOUND
    case notFound(entity: String, id: String)
    /// ALREADY_EXISTS: a natural key (registration id per country, broker subject) is taken.
    case alreadyExists(String)
    /// ABORTED: `expected_version` is not the stored version; re-read and retry.
    case staleVersion(entity: String, id: String, expected: Int64, actual: Int64)
    /// PERMISSION_DENIED: the caller's role or region scope does not allow it.
    case permissionDenied(String)
    /// FAILED_PRECONDITION: the entity is not in a state that allows this (e.g. a review step).
    case failedPrecondition(String)

    /// One sentence for the caller, e.g. in a per-row import result.
    public var summary: String {
        switch self {
        case .notFound(let entity, let id): "\(entity) \(id) not found"
        case .alreadyExists(let what): what
        case .staleVersion(let entity, let id, let expected, let actual):
            "\(entity) \(id) is at version \(actual), not \(expected): read it again and retry"
        case .permissionDenied(let why): why
        case .failedPrecondition(let why): why
        }
    }
}
