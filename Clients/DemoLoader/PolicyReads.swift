import TIBSProto
import TIBSRPC

/// Every page of the policy service's listings, read through its public methods.
enum PolicyReads {
    static func institutions(_ client: RPCClient) async throws -> [Tibs_Policy_V1_Institution] {
        try await pages { token in
            let page: Tibs_Policy_V1_ListInstitutionsResponse = try await client.unary(
                PolicyPaths.listInstitutions, Tibs_Policy_V1_ListInstitutionsRequest.with { $0.page = request(token) })
            return (page.institutions, page.page.nextPageToken)
        }
    }

    static func strategies(_ client: RPCClient) async throws -> [Tibs_Policy_V1_RegionalStrategy] {
        try await pages { token in
            let page: Tibs_Policy_V1_ListRegionalStrategiesResponse = try await client.unary(
                PolicyPaths.listRegionalStrategies, Tibs_Policy_V1_ListRegionalStrategiesRequest.with { $0.page = request(token) })
            return (page.strategies, page.page.nextPageToken)
        }
    }

    static func issues(_ client: RPCClient) async throws -> [Tibs_Policy_V1_PolicyIssue] {
        try await pages { token in
            let page: Tibs_Policy_V1_ListPolicyIssuesResponse = try await client.unary(
                PolicyPaths.listPolicyIssues, Tibs_Policy_V1_ListPolicyIssuesRequest.with { $0.page = request(token) })
            return (page.issues, page.page.nextPageToken)
        }
    }

    /// The actions on one issue, or (empty `issueID`) every action; `overdueOnly` for the overdue ones.
    static func actions(_ client: RPCClient, issueID: String = "", overdueOnly: Bool = false) async throws -> [Tibs_Policy_V1_InfluenceAction] {
        try await pages { token in
            let page: Tibs_Policy_V1_ListInfluenceActionsResponse = try await client.unary(
                PolicyPaths.listInfluenceActions, Tibs_Policy_V1_ListInfluenceActionsRequest.with {
                    $0.page = request(token); $0.issueID = issueID; $0.overdueOnly = overdueOnly
                })
            return (page.actions, page.page.nextPageToken)
        }
    }

    private static func request(_ token: String) -> Tibs_Common_V1_PageRequest {
        .with { $0.pageSize = 200; $0.pageToken = token }
    }

    /// Calls `page` with each next-page token until a page has none.
    private static func pages<Item>(_ page: (String) async throws -> ([Item], String)) async throws -> [Item] {
        var items: [Item] = []
        var token = ""
        repeat {
            let (more, next) = try await page(token)
            items += more
            token = next
        } while !token.isEmpty
        return items
    }
}
