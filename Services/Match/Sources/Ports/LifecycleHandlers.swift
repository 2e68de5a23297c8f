import Foundation
import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit

/// The match lifecycle's methods: ProposeMatch, GetMatch, AdvanceMatch, RecordOutcome,
/// RecordFollowUp, ListMatches, ListOverdue, ListFollowUpsDue and (``FlowReportHandlers``)
/// GetFlowReport. Writes: admins and brokers (the use cases check the regions); reads: any token.
public enum LifecycleHandlers {
    public static func register(on router: inout RPCRouter, app: MatchLifecycleApp) {
        router.unary(MatchMethods.proposeMatch, access: .writers) { (request: Tibs_Match_V1_ProposeMatchRequest, context) in
            let created = try await app.proposeMatch(needID: request.needID, candidateID: request.candidateID, note: request.note,
                                                     by: try PortSupport.caller(context), idempotency: try PortSupport.ticket(context, request))
            return try PortSupport.answer(created, LifecycleMapping.proto)
        }

        router.unary(MatchMethods.getMatch, access: .authenticated) { (request: Tibs_Match_V1_GetMatchRequest, context) in
            LifecycleMapping.proto(try await app.getMatch(id: try PortSupport.id(request.id), by: try context.requirePrincipal()))
        }

        router.unary(MatchMethods.advanceMatch, access: .writers) { (request: Tibs_Match_V1_AdvanceMatchRequest, context) in
            let id = try PortSupport.id(request.id)
            let expected = try PortSupport.expectedVersion(request.expectedVersion)
            var v = Validator()
            let to = v.require(LifecycleMapping.domain(request.to), field: "to", "is required: the state the match moves to")
            try v.throwIfAny()
            // reason: no violation means `to` was read.
            let step = MatchAdvance(to: to!, note: request.note, consentGivenBy: request.hasConsent ? request.consent.givenBy : nil,
                                    consentGivenOn: request.hasConsent ? request.consent.givenOn : nil)
            return LifecycleMapping.proto(try await app.advanceMatch(id: id, expectedVersion: expected, step, by: try PortSupport.caller(context)))
        }

        router.unary(MatchMethods.recordOutcome, access: .writers) { (request: Tibs_Match_V1_RecordOutcomeRequest, context) in
            let id = try PortSupport.id(request.id)
            let expected = try PortSupport.expectedVersion(request.expectedVersion)
            guard request.hasOutcome else { throw ValidationErrors(field: "outcome", "is required") }
            let o = request.outcome
            let input = MatchOutcomeInput(success: o.success, successReasons: o.successReasons.map(CommonMapping.code),
                                          failureReasons: o.failureReasons.map(CommonMapping.code),
                                          advantages: o.advantages.map(CommonMapping.code), note: o.note)
            return LifecycleMapping.proto(try await app.recordOutcome(id: id, expectedVersion: expected, input, by: try PortSupport.caller(context)))
        }

        router.unary(MatchMethods.recordFollowUp, access: .writers) { (request: Tibs_Match_V1_RecordFollowUpRequest, context) in
            let id = try PortSupport.id(request.id)
            let expected = try PortSupport.expectedVersion(request.expectedVersion)
            return LifecycleMapping.proto(try await app.recordFollowUp(id: id, expectedVersion: expected, months: Int(clamping: request.months),
                                                                        note: request.note, by: try PortSupport.caller(context)))
        }

        router.unary(MatchMethods.listMatches, access: .authenticated) { (request: Tibs_Match_V1_ListMatchesRequest, context) in
            var v = Validator()
            let region = v.nutsFilter(request.region, codes: app.settings.codes, field: "region")
            let needID = qualified(request.needID, field: "need_id", &v)
            let smeID = qualified(request.smeID, field: "sme_id", &v)
            try v.throwIfAny()
            let filter = MatchListFilter(region: region, state: LifecycleMapping.domain(request.state), needID: needID, smeID: smeID)
            let (page, fingerprint) = try PortSupport.page(request.page, listing: "match", filter: filter)
            let result = try await app.listMatches(filter, page: page, by: try context.requirePrincipal())
            return Tibs_Match_V1_ListMatchesResponse.with {
                $0.matches = result.items.map(LifecycleMapping.proto)
                $0.page = PortSupport.pageInfo(result, fingerprint: fingerprint)
            }
        }

        router.unary(MatchMethods.listOverdue, access: .authenticated) { (request: Tibs_Match_V1_ListOverdueRequest, context) in
            var v = Validator()
            let region = v.nutsFilter(request.region, codes: app.settings.codes, field: "region")
            let broker = TextRules.trimmed(request.broker)
            v.checkText(broker, max: 200, field: "broker")
            let day = app.rules.day(request.onDate, field: "on_date", required: false, &v)
            try v.throwIfAny()
            let overdue = try await app.listOverdue(region: region, broker: broker, onDate: day, by: try context.requirePrincipal())
            return Tibs_Match_V1_ListOverdueResponse.with { $0.overdue = overdue.map(LifecycleMapping.proto) }
        }

        router.unary(MatchMethods.listFollowUpsDue, access: .authenticated) { (request: Tibs_Match_V1_ListFollowUpsDueRequest, context) in
            var v = Validator()
            let region = v.nutsFilter(request.region, codes: app.settings.codes, field: "region")
            let day = app.rules.day(request.onDate, field: "on_date", required: false, &v)
            try v.throwIfAny()
            let due = try await app.listFollowUpsDue(region: region, onDate: day, by: try context.requirePrincipal())
            return Tibs_Match_V1_ListFollowUpsDueResponse.with { $0.due = due.map(LifecycleMapping.proto) }
        }

        FlowReportHandlers.register(on: &router, app: app)
    }

    /// A qualified id filter ("<upstream>/<id>"); empty: any.
    static func qualified(_ value: String, field: String, _ v: inout Validator) -> String {
        let text = TextRules.trimmed(value)
        if !text.isEmpty {
            v.check(QualifiedID(parsing: text) != nil && TextRules.forbiddenScalar(in: text) == nil && text.count <= 200, field: field,
                    "must be a qualified id \"<upstream>/<id>\"")
        }
        return text
    }
}
