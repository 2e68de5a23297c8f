/// One broken rule on one field of a request or record.
///
/// `field` is a path in proto field names, with dots for nesting and brackets for list
/// indices (`contacts[0].email`), so clients can point at the exact input.
public struct FieldViolation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var field: String
    public var description: String

    public init(field: String, description: String) {
        self.field = field
        self.description = description
    }
}

/// All broken rules of one validation, reported together so a client can fix every
/// field in one round trip. Services map this to an INVALID_ARGUMENT status with the
/// violations as details. Never empty when thrown by ``Validator/throwIfAny()``.
public struct ValidationErrors: Error, Sendable, Hashable, CustomStringConvertible {
    public var violations: [FieldViolation]

    public init(_ violations: [FieldViolation]) {
        self.violations = violations
    }

    /// A single violation, for rules that can only fail one way.
    public init(field: String, _ description: String) {
        self.violations = [FieldViolation(field: field, description: description)]
    }

    /// The fields that have at least one violation, in first-seen order.
    public var fields: [String] {
        var seen = Set<String>()
        return violations.map(\.field).filter { seen.insert($0).inserted }
    }

    /// `field: description; field: description`.
    public var description: String {
        violations.map { "\($0.field): \($0.description)" }.joined(separator: "; ")
    }
}

/// Accumulates violations so every domain rule reports all broken fields at once.
///
/// ```swift
/// var v = Validator()
/// v.require(sme.legalName, field: "legal_name", "must not be empty")
/// v.check(Countries.isValid(sme.country), field: "country", "must be an ISO 3166-1 alpha-2 code")
/// for (i, contact) in sme.contacts.enumerated() {
///     v.nested("contacts[\(i)]") { v in
///         v.check(TextRules.isValidEmail(contact.email), field: "email", "is not an e-mail address")
///     }
/// }
/// try v.throwIfAny()
/// ```
public struct Validator: Sendable {
    /// The violations recorded so far, in order.
    public private(set) var violations: [FieldViolation] = []
    private var prefix: String = ""

    public init() {}

    /// True when nothing has been recorded.
    public var isValid: Bool { violations.isEmpty }

    /// Records a violation on `field` (relative to any ``nested(_:_:)`` prefix).
    public mutating func add(field: String, _ description: String) {
        violations.append(FieldViolation(field: path(field), description: description))
    }

    /// Records a violation when `condition` is false. Returns `condition`, so callers can
    /// skip checks that only make sense when this one passed. The description is only
    /// built when the check fails (most messages interpolate limits and values, and a valid
    /// request passes dozens of checks).
    @discardableResult
    public mutating func check(_ condition: Bool, field: String, _ description: @autoclosure () -> String) -> Bool {
        if !condition { add(field: field, description()) }
        return condition
    }

    /// Records a violation when `value` is nil or only whitespace. Returns whether the
    /// value was present, so dependent checks can be skipped.
    @discardableResult
    public mutating func require(_ value: String?, field: String, _ description: @autoclosure () -> String = "is required") -> Bool {
        check(value.map(TextRules.isTrimmedNonEmpty) ?? false, field: field, description())
    }

    /// Records a violation when `value` is nil, and returns the value otherwise.
    @discardableResult
    public mutating func require<T>(_ value: T?, field: String, _ description: @autoclosure () -> String = "is required") -> T? {
        if value == nil { add(field: field, description()) }
        return value
    }

    /// Runs `body` with field names prefixed by `prefix` and a dot: `contacts[0]` +
    /// `email` → `contacts[0].email`. Nesting composes.
    public mutating func nested(_ prefix: String, _ body: (inout Validator) throws -> Void) rethrows {
        var inner = Validator()
        inner.prefix = path(prefix)
        try body(&inner)
        violations.append(contentsOf: inner.violations)
    }

    /// Adds violations reported by another rule (for example a value type's own
    /// validation), prefixing their fields with `prefix` when given.
    public mutating func merge(_ errors: ValidationErrors, under prefix: String? = nil) {
        for violation in errors.violations {
            let field = prefix.map { Self.join($0, violation.field) } ?? violation.field
            violations.append(FieldViolation(field: path(field), description: violation.description))
        }
    }

    /// Runs a throwing rule and keeps its violations instead of stopping.
    public mutating func collect(under prefix: String? = nil, _ rule: () throws(ValidationErrors) -> Void) {
        do {
            try rule()
        } catch {
            merge(error, under: prefix)
        }
    }

    /// Throws all recorded violations, if any.
    public func throwIfAny() throws(ValidationErrors) {
        if !violations.isEmpty { throw ValidationErrors(violations) }
    }

    /// `base[index]`, for building list paths: `Validator.index("contacts", 0)`.
    public static func index(_ base: String, _ index: Int) -> String {
        "\(base)[\(index)]"
    }

    private func path(_ field: String) -> String {
        Self.join(prefix, field)
    }

    private static func join(_ prefix: String, _ field: String) -> String {
        if prefix.isEmpty { return field }
        if field.isEmpty { return prefix }
        return field.hasPrefix("[") ? prefix + field : prefix + "." + field
    }
}
