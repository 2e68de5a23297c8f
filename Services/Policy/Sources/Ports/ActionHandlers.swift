import Foundation
import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit

/// AddInfluenceAction, AdvanceInfluenceAction, ListInfluenceActions, GetInfluenceReport.
enum ActionHandlers {
    static func register(on router: inout RPCRouter, app: PolicyApp) {
        router.unary(PolicyMethods.addInfluenceAction, access: .roles([.admin, .broker])) { (request: Tibs_Policy_V1_AddInfluenceActionRequest, context) in
            let issueID = try PortSupport.id(request.issueID, field: "issue_id")
            let caller = try PortSupport.caller(context)
            let created = try await app.addInfluenceAction(issueID: issueID, PolicyMapping.input(request.fields), note: request.note, by: caller,
                                                           idempotency: try PortSupport.ticket(context, request))
            return try PortSupport.answer(created, PolicyMapping.proto)
        }

        router.unary(PolicyMethods.advanceInfluenceAction, access: .roles([.admin, .broker])) {
            (request: Tibs_Policy_V1_AdvanceInfluenceActionRequest, context) in
            let id = try PortSupport.id(request.id)
            let expected = try PortSupport.expectedVersion(request.expectedVersion)
            var v = Validator()
            let to: ActionStatus? = v.require(CommonMapping.domain(request.to), field: "to", "is required: the status the action moves to")
            let onDate = app.rules.day(request.onDate, field: "on_date", required: false, &v)
            try v.throwIfAny()
            // reason: no violation means `to` was read.
            let view = try await app.advanceInfluenceAction(id: id, expectedVersion: expected, to: to!, onDate: onDate, note: request.note,
                                                            documents: request.documents.map(PolicyMapping.document), by: try PortSupport.caller(context))
            return PolicyMapping.proto(view)
        }

        router.unary(PolicyMethods.listInfluenceActions, access: .authenticated) { (request: Tibs_Policy_V1_ListInfluenceActionsRequest, _) in
            let filter = try ActionFilter(issueID: request.issueID, institutionID: request.institutionID, status: CommonMapping.domain(request.status),
                                          overdueOnly: request.overdueOnly).validated()
            let (page, fingerprint) = try PortSupport.page(request.page, listing: "action", filter: filter)
            let result = try await app.listInfluenceActions(filter, page: page)
            return Tibs_Policy_V1_ListInfluenceActionsResponse.with {
                $0.actions = result.items.map(PolicyMapping.proto)
                $0.page = PortSupport.pageInfo(result, fingerprint: fingerprint)
            }
        }

        router.unary(PolicyMethods.getInfluenceReport, access: .authenticated) { (request: Tibs_Policy_V1_GetInfluenceReportRequest, _) in
            var v = Validator()
            let region = v.nutsFilter(request.region, codes: app.rules.codes, field: "region")
            let from = app.rules.day(request.raisedFrom, field: "raised_from", required: false, &v)
            let to = app.rules.day(request.raisedTo, field: "raised_to", required: false, &v)
            if let from, let to { v.check(from <= to, field: "raised_to", "must not be before raised_from (\(from))") }
            try v.throwIfAny()
            return PolicyMapping.proto(try await app.influenceReport(InfluenceReportRequest(region: region, raisedFrom: from, raisedTo: to)))
        }
    }
}
