import TIBSDomain

/// The policy service's domain rules over the loaded code lists. Each `validate` checks every
/// field, reports all broken rules at once (field paths in proto names, relative to the request's
/// `fields`) and returns the value in canonical form. Rules that need stored data (the institution
/// exists, who may write, the walk from the current status) belong to the App layer.
public struct PolicyRules: Sendable {
    public let codes: CodeLists
    public let shared: CodeRules

    public init(codes: CodeLists = .bundled) {
        self.codes = codes
        self.shared = CodeRules(codes: codes)
    }
}
