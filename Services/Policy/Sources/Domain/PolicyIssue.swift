import Foundation

/// A policy issue a broker raised from the evidence, with its frozen evidence.
public struct PolicyIssue: Sendable, Hashable {
    public var id: String
    public var fields: PolicyIssueFields
    public var evidence: EvidenceSnapshot
    /// Token subject.
    public var raisedBy: String
    public var raisedAt: Date
    /// Counted from its actions when read (not stored in the record).
    public var actions: Int
    public var openActions: Int
    public var version: Int64

    public init(id: String, fields: PolicyIssueFields, evidence: EvidenceSnapshot, raisedBy: String, raisedAt: Date,
                actions: Int = 0, openActions: Int = 0, version: Int64 = 1) {
        self.id = id
        self.fields = fields
        self.evidence = evidence
        self.raisedBy = raisedBy
        self.raisedAt = raisedAt
        self.actions = actions
        self.openActions = openActions
        self.version = version
    }
}
