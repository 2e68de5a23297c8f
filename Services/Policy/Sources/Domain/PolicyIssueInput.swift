import TIBSDomain

/// RaisePolicyIssue's fields as sent; ``PolicyRules/validate(_:)-issue`` turns them into
/// ``PolicyIssueFields``.
public struct PolicyIssueInput: Sendable, Hashable {
    public var barriers: [VersionedCode]
    public var regions: [String]
    public var title: String
    public var statement: String
    public var requestedChange: String
    public var evidenceFromMonth: String
    public var evidenceToMonth: String

    public init(barriers: [VersionedCode], regions: [String], title: String, statement: String, requestedChange: String,
                evidenceFromMonth: String, evidenceToMonth: String) {
        self.barriers = barriers
        self.regions = regions
        self.title = title
        self.statement = statement
        self.requestedChange = requestedChange
        self.evidenceFromMonth = evidenceFromMonth
        self.evidenceToMonth = evidenceToMonth
    }
}
