import TIBSDomain
import TIBSServiceApp

/// ListInfluenceActions filters; empty, nil and false mean "any".
public struct ActionFilter: Sendable, Hashable, PageFilter {
    public var issueID = ""
    public var institutionID = ""
    public var status: ActionStatus?
    public var overdueOnly = false

    public init(issueID: String = "", institutionID: String = "", status: ActionStatus? = nil, overdueOnly: Bool = false) {
        self.issueID = issueID
        self.institutionID = institutionID
        self.status = status
        self.overdueOnly = overdueOnly
    }

    public func validated() throws(ValidationErrors) -> ActionFilter {
        var v = Validator()
        var filter = self
        filter.issueID = v.idFilter(issueID, field: "issue_id", what: "a policy issue id")
        filter.institutionID = v.idFilter(institutionID, field: "institution_id", what: "an institution id")
        try v.throwIfAny()
        return filter
    }

    public var pageKeyValues: [String] { [issueID, institutionID, status.map { String($0.rawValue) } ?? "", overdueOnly ? "overdue" : ""] }
}
