import TIBSDomain

/// Why a registry use case refused; the ports answer each with its TIBS-RPC status.
/// Details are sent to the caller, so they name ids and codes, never personal data.
public enum RegistryError: Error, Sendable, Equatable {
    /// NOT_FOUND
    case notFound(entity: String, id: String)
    /// ALREADY_EXISTS: a natural key (registration id per country, broker subject) is taken.
    case alreadyExists(String)
    /// ABORTED: `expected_version` is not the stored version; re-read and retry.
    case staleVersion(entity: String, id: String, expected: Int64, actual: Int64)
    /// PERMISSION_DENIED: the caller's role or region scope does not allow it.
    case permissionDenied(String)
}
