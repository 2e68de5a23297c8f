import TIBSProto

/// gRPC status code numbers, as carried in `Close.code` and `GoAway.code`.
public enum StatusCode: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case ok = 0
    case cancelled = 1
    case unknown = 2
    case invalidArgument = 3
    case deadlineExceeded = 4
    case notFound = 5
    case alreadyExists = 6
    case permissionDenied = 7
    case resourceExhausted = 8
    case failedPrecondition = 9
    case aborted = 10
    case outOfRange = 11
    case unimplemented = 12
    case `internal` = 13
    case unavailable = 14
    case dataLoss = 15
    case unauthenticated = 16

    /// Unknown numbers from a peer map to `.unknown`, as gRPC does.
    public init(wire: Int32) { self = StatusCode(rawValue: wire) ?? .unknown }

    public var description: String {
        switch self {
        case .ok: "OK"
        case .cancelled: "CANCELLED"
        case .unknown: "UNKNOWN"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .outOfRange: "OUT_OF_RANGE"
        case .unimplemented: "UNIMPLEMENTED"
        case .internal: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .dataLoss: "DATA_LOSS"
        case .unauthenticated: "UNAUTHENTICATED"
        }
    }
}

/// One broken rule of a request, reported with INVALID_ARGUMENT.
public struct Violation: Sendable, Hashable {
    public var field: String
    public var description: String
    public init(field: String, description: String) {
        self.field = field
        self.description = description
    }
}

/// The error a handler throws to end a call with a non-OK status, and the error a client call throws.
///
/// `detail` is sent to the peer, so it must be safe to show (no secrets, no stack traces).
/// Any other error thrown by a handler is answered with `INTERNAL` and logged, not sent.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: StatusCode
    public var detail: String
    public var violations: [Violation]
    public var trailers: [String: String]

    public init(_ code: StatusCode, _ detail: String, violations: [Violation] = [], trailers: [String: String] = [:]) {
        self.code = code
        self.detail = detail
        self.violations = violations
        self.trailers = trailers
    }

    public var description: String {
        var text = "\(code): \(detail)"
        for violation in violations { text += "\n  \(violation.field): \(violation.description)" }
        return text
    }

    public static func invalidArgument(_ violations: [Violation], detail: String? = nil) -> RPCError {
        let summary = detail ?? (violations.count == 1 ? "1 field is invalid" : "\(violations.count) fields are invalid")
        return RPCError(.invalidArgument, summary, violations: violations)
    }
    public static func notFound(_ detail: String) -> RPCError { RPCError(.notFound, detail) }
    public static func permissionDenied(_ detail: String) -> RPCError { RPCError(.permissionDenied, detail) }
    public static func unauthenticated(_ detail: String) -> RPCError { RPCError(.unauthenticated, detail) }
    public static func unavailable(_ detail: String) -> RPCError { RPCError(.unavailable, detail) }
}

/// How much of an error one `Close` carries: a request that breaks a rule 100,000 times, or names
/// a 100 kB method, must not make the answer grow with it (PROTOCOL.md, implementation notes).
public enum AnswerLimits {
    /// Violations sent in one `Close`; beyond it the last one says how many more there were.
    public static let maxViolations = 100
    /// UTF-8 bytes of `Close.detail` and `GoAway.detail`.
    public static let maxDetailBytes = 1024
    /// UTF-8 bytes of a violation's `field`.
    public static let maxFieldBytes = 256
    /// UTF-8 bytes of a violation's `description`.
    public static let maxDescriptionBytes = 512

    /// `text` cut to at most `limit` UTF-8 bytes on a character boundary, marked with "…" when cut.
    public static func truncated(_ text: String, to limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        let marker = "…"
        let budget = limit - marker.utf8.count
        var used = 0
        var end = text.startIndex
        for character in text {
            let size = character.utf8.count
            if used + size > budget { break }
            used += size
            end = text.index(after: end)
        }
        return String(text[..<end]) + marker
    }

    /// At most `maxViolations`, each cut to the field and description limits; when there were more,
    /// the last slot says how many were left out.
    package static func capped(_ violations: [Violation]) -> [Violation] {
        var kept = violations
        if kept.count > maxViolations {
            let shown = maxViolations - 1
            kept = Array(kept.prefix(shown))
            kept.append(Violation(field: "", description: "\(violations.count - shown) more violations not shown"))
        }
        return kept.map {
            Violation(field: truncated($0.field, to: maxFieldBytes), description: truncated($0.description, to: maxDescriptionBytes))
        }
    }
}

extension RPCError {
    /// Builds the `Close` frame body this error is answered with, within `AnswerLimits`.
    func closeMessage(trailers extra: [String: String]) -> Tibs_Rpc_V1_Close {
        var close = Tibs_Rpc_V1_Close()
        close.code = code.rawValue
        close.detail = AnswerLimits.truncated(detail, to: AnswerLimits.maxDetailBytes)
        close.violations = AnswerLimits.capped(violations).map {
            var v = Tibs_Rpc_V1_FieldViolation()
            v.field = $0.field
            v.description_p = $0.description
            return v
        }
        close.trailers = trailers.merging(extra) { mine, _ in mine }
        return close
    }

    /// Reads the status carried by a `Close` frame.
    init(close: Tibs_Rpc_V1_Close) {
        self.init(
            StatusCode(wire: close.code),
            close.detail,
            violations: close.violations.map { Violation(field: $0.field, description: $0.description_p) },
            trailers: close.trailers
        )
    }
}
