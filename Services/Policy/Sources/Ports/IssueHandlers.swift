import Foundation
import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit

/// RaisePolicyIssue, GetPolicyIssue, ListPolicyIssues.
enum IssueHandlers {
    static func register(on router: inout RPCRouter, app: PolicyApp) {
        let codes = app.rules.codes
        router.unary(PolicyMethods.raisePolicyIssue, access: .roles([.admin, .broker])) { (request: Tibs_Policy_V1_RaisePolicyIssueRequest, context) in
            let caller = try PortSupport.caller(context)
            let created = try await PortSupport.under("fields") {
                try await app.raisePolicyIssue(PolicyMapping.input(request.fields), by: caller, idempotency: try PortSupport.ticket(context, request))
            }
            return try PortSupport.answer(created) { PolicyMapping.proto($0, codes: codes) }
        }

        router.unary(PolicyMethods.getPolicyIssue, access: .authenticated) { (request: Tibs_Policy_V1_GetPolicyIssueRequest, _) in
            PolicyMapping.proto(try await app.getPolicyIssue(id: try PortSupport.id(request.id)), codes: codes)
        }

        router.unary(PolicyMethods.listPolicyIssues, access: .authenticated) { (request: Tibs_Policy_V1_ListPolicyIssuesRequest, _) in
            let filter = try IssueFilter(region: request.region, barrier: request.barrier, openOnly: request.openOnly).validated(codes: codes)
            let (page, fingerprint) = try PortSupport.page(request.page, listing: "issue", filter: filter)
            let result = try await app.listPolicyIssues(filter, page: page)
            return Tibs_Policy_V1_ListPolicyIssuesResponse.with {
                $0.issues = result.items.map { PolicyMapping.proto($0, codes: codes) }
                $0.page = PortSupport.pageInfo(result, fingerprint: fingerprint)
            }
        }
    }
}
