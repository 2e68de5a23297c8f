import TIBSDomain

/// A policy issue as validated: the barriers it is about, the regions it concerns, the problem
/// and the change asked for, and the period of its frozen evidence.
public struct PolicyIssueFields: Sendable, Hashable {
    /// Survey code list "barrier"; at least one, each once.
    public var barriers: [VersionedCode]
    /// NUTS codes of the loaded list; at least one, each once.
    public var regions: [String]
    public var title: String
    public var statement: String
    public var requestedChange: String
    public var evidencePeriod: Period

    public init(barriers: [VersionedCode], regions: [String], title: String, statement: String, requestedChange: String,
                evidencePeriod: Period) {
        self.barriers = barriers
        self.regions = regions
        self.title = title
        self.statement = statement
        self.requestedChange = requestedChange
        self.evidencePeriod = evidencePeriod
    }
}
