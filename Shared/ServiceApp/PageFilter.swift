/// A listing's validated filters as the explicit key a page token is bound to
/// (``PageToken``). List every value that changes the result, in a fixed order; adding a
/// filter appends a value. Never derived from `description`, whose form the compiler and
/// the standard library are free to change.
public protocol PageFilter: Sendable {
    var pageKeyValues: [String] { get }
}

extension PageFilter {
    /// The fingerprint of this filter for `listing` (e.g. "sme", "need"): FNV-1a over each
    /// value length-prefixed, so no value can pass for two.
    public func pageFingerprint(listing: String) -> String {
        PageToken.fingerprint(([listing] + pageKeyValues).map { "\($0.utf8.count):\($0)" }.joined())
    }
}
