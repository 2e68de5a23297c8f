import TIBSDomain
import TIBSServiceApp

/// ListPolicyIssues filters; empty and false mean "any".
public struct IssueFilter: Sendable, Hashable, PageFilter {
    /// A NUTS code: issues concerning it or one of its sub-regions.
    public var region = ""
    /// A barrier code of the survey code list.
    public var barrier = ""
    /// Issues with at least one open action, or none yet.
    public var openOnly = false

    public init(region: String = "", barrier: String = "", openOnly: Bool = false) {
        self.region = region
        self.barrier = barrier
        self.openOnly = openOnly
    }

    public func validated(codes: CodeLists) throws(ValidationErrors) -> IssueFilter {
        var v = Validator()
        var filter = self
        filter.region = v.nutsFilter(region, codes: codes, field: "region")
        filter.barrier = TextRules.trimmed(barrier).lowercased()
        if !filter.barrier.isEmpty {
            v.check(codes.survey.code(filter.barrier, of: .barrier) != nil, field: "barrier",
                    CodeListCatalog.notInList(nil, isNot: "a barrier code of survey code list \(codes.survey.version)",
                                              list: CodeListCatalog.Name.survey(.barrier), version: codes.survey.version))
        }
        try v.throwIfAny()
        return filter
    }

    public var pageKeyValues: [String] { [region, barrier, openOnly ? "open" : ""] }
}
