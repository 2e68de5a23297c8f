import Foundation
import TIBSRPC

/// tibsctl's exit codes; docs/tibsctl.md lists them for scripts.
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    /// A local problem: a file that cannot be read or written, a certificate that cannot be made.
    case localFailure = 1
    /// Bad command line or input (flags, JSON, CSV header).
    case usage = 2
    /// The server could not be reached, or TLS failed (trust, name, client certificate).
    case unreachable = 3
    case unauthenticated = 4
    case permissionDenied = 5
    case invalidArgument = 6
    case notFound = 7
    /// Any other status from the server (ALREADY_EXISTS, ABORTED, DEADLINE_EXCEEDED, INTERNAL, …).
    case serverError = 8
    /// The command ran but not everything succeeded: import rows rejected, a health check not SERVING.
    case partial = 9
}

/// A failure tibsctl reports to the user: one message (possibly several lines) and an exit status.
public struct CLIFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: ExitStatus
    public var message: String

    public init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    public static func usage(_ message: String) -> CLIFailure { CLIFailure(.usage, message) }
    public static func local(_ message: String) -> CLIFailure { CLIFailure(.localFailure, message) }

    /// The message for a failed call to `settings.address`: one plain sentence saying what went
    /// wrong and what to do, then one line per field violation (INVALID_ARGUMENT,
    /// FAILED_PRECONDITION). The error the runtime produced (often a Swift or BoringSSL dump) is
    /// added only under `--verbose`.
    public static func from(_ error: RPCError, settings: ConnectionSettings, tlsProblem: String? = nil) -> CLIFailure {
        var failure = plain(error, settings: settings, tlsProblem: tlsProblem)
        if settings.verbose { failure.message += "\n  underlying error: \(error.code): \(error.detail)" }
        return failure
    }

    static func plain(_ error: RPCError, settings: ConnectionSettings, tlsProblem: String?) -> CLIFailure {
        let address = settings.address
        switch error.code {
        case .unavailable where error.detail.hasPrefix("TLS handshake") || error.detail.hasPrefix("TLS failure") || tlsProblem != nil:
            let problem = tlsProblem ?? TLSDiagnosis.reason(fromDetail: error.detail)
            return CLIFailure(.unreachable, "TLS with \(address) failed: \(problem)")
        case .unavailable where error.detail.hasPrefix("cannot connect"):
            return CLIFailure(.unreachable, "cannot reach \(address) (from \(settings.addressSource)): \(Self.connectReason(error.detail)); is the service running there?")
        case .unavailable:
            return CLIFailure(.unreachable, "\(address) is unavailable: \(Self.unavailableReason(error.detail))")
        case .unauthenticated:
            let hint = settings.token == nil
                ? "no token was sent: pass --token-file, --token, TIBS_TOKEN or a profile"
                : "get a new token from your admin (tibsctl token issue)"
            return CLIFailure(.unauthenticated, "UNAUTHENTICATED: \(error.detail) (\(hint))")
        case .permissionDenied:
            return CLIFailure(.permissionDenied, "PERMISSION_DENIED: \(error.detail)")
        case .invalidArgument:
            var lines = ["INVALID_ARGUMENT: \(error.detail)"]
            for violation in error.violations { lines.append("  \(violation.field): \(violation.description)") }
            return CLIFailure(.invalidArgument, lines.joined(separator: "\n"))
        case .notFound:
            return CLIFailure(.notFound, "NOT_FOUND: \(error.detail)")
        case .deadlineExceeded:
            return CLIFailure(.serverError, "DEADLINE_EXCEEDED: no answer within \(settings.timeout) (raise --timeout)")
        case .resourceExhausted where error.detail.hasPrefix("server sent an oversized frame"):
            return CLIFailure(.serverError, "the answer from \(address) is larger than the frame limit; ask for less (a smaller page)")
        default:
            // FAILED_PRECONDITION of a refused publish names each missing item as a violation.
            let lines = ["\(error.code): \(error.detail)"] + error.violations.map { "  \($0.field): \($0.description)" }
            return CLIFailure(.serverError, lines.joined(separator: "\n"))
        }
    }

    /// How the runtime's detail ends when the server hung up in the middle of the TLS handshake.
    static let duringHandshake = "during the TLS handshake"

    /// "connection refused", "no such host", "timed out" instead of NIO's error dump.
    static func connectReason(_ detail: String) -> String {
        let lower = detail.lowercased()
        if lower.contains("refused") { return "connection refused" }
        if lower.contains("no tls handshake within") { return "the server did not answer the TLS handshake in time" }
        if lower.contains(duringHandshake.lowercased()) {
            return "the server closed the connection during the TLS handshake (it may be at its connection limit, or not speak TLS)"
        }
        if lower.contains("timeout") || lower.contains("timed out") { return "connection timed out" }
        if lower.contains("unknown host") || lower.contains("no address") || lower.contains("resolution") || lower.contains("name or service") {
            return "the host name does not resolve"
        }
        if lower.contains("unreachable") { return "network unreachable" }
        return "the connection failed"
    }

    /// The runtime's UNAVAILABLE detail for a connection the peer closed.
    static func isClosedConnection(_ detail: String) -> Bool {
        let lower = detail.lowercased()
        return lower.hasPrefix("connection closed") || lower.hasPrefix("the connection closed") || lower.hasPrefix("connection is closed")
            || lower.hasPrefix("the server closed the connection")
    }

    /// The runtime's own UNAVAILABLE details (a closed or broken connection) as a sentence; a
    /// server's detail (from its Close, e.g. "server is shutting down") is kept as it is.
    static func unavailableReason(_ detail: String) -> String {
        let lower = detail.lowercased()
        if isClosedConnection(detail) {
            return "it closed the connection (it may be restarting or at its connection limit); try again"
        }
        if lower.hasPrefix("connection error") { return "the connection broke; try again" }
        if lower.hasPrefix("the server is going away") { return "the server is shutting down; try again" }
        return detail
    }
}
