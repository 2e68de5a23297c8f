import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit

/// FindMatches: every field validated (exactly one of need_id / sme_id, known kinds, ISO
/// countries, min_trl 0…9, limit 0…100 with 0 = 20, on_date a day), answered from the replica.
enum FindMatchesHandlers {
    static let maxCountries = 60

    /// Ranking computes for milliseconds without suspending: it starts on the global executor,
    /// so the other calls on its connection are not held up behind it on the event loop.
    static func register(on router: inout RPCRouter, replica: MatchReplica) {
        router.unary(MatchMethods.findMatches, access: .authenticated, start: .onGlobalExecutor) { (request: Tibs_Match_V1_FindMatchesRequest, context) in
            let principal = try context.requirePrincipal()
            let query = try self.query(request, today: replica.today)
            let answer = try replica.findMatches(query)
            return Tibs_Match_V1_FindMatchesResponse.with {
                $0.needs = answer.needs.map { CandidateMapping.proto($0, replica: replica, principal: principal) }
                $0.staleUpstreams = answer.staleUpstreams
            }
        }
    }

    /// The validated query; every broken field is named at once.
    static func query(_ request: Tibs_Match_V1_FindMatchesRequest, today: CalendarDate) throws -> MatchQuery {
        var v = Validator()
        let needID = TextRules.trimmed(request.needID), smeID = TextRules.trimmed(request.smeID)
        var subject: MatchQuery.Subject?
        switch (needID.isEmpty, smeID.isEmpty) {
        case (true, true): v.add(field: "need_id", "one of need_id or sme_id is required")
        case (false, false): v.add(field: "need_id", "give need_id or sme_id, not both")
        case (false, true): subject = .need(needID)
        case (true, false): subject = .sme(smeID)
        }
        var kinds: Set<CandidateKind> = []
        for (index, kind) in request.kinds.enumerated() {
            if let domain = CandidateMapping.kinds.domain(kind) { kinds.insert(domain) } else {
                v.add(field: Validator.index("kinds", index), "must be a candidate kind (resource, support programme, partner offer)")
            }
        }
        var countries: Set<String> = []
        if v.check(request.countries.count <= maxCountries, field: "countries", "at most \(maxCountries) countries") {
            for (index, country) in request.countries.enumerated() {
                let field = Validator.index("countries", index)
                let code = v.countryFilter(country, field: field)
                if code.isEmpty { v.checkCountry(code, field: field) } else { countries.insert(code) }
            }
        }
        v.check(request.minTrl <= 9, field: "min_trl", "must be 0 (no minimum) or 1..9")
        v.check(request.limit <= 100, field: "limit", "must be 0 (20) or 1..100")
        var onDate = today
        let dateText = TextRules.trimmed(request.onDate)
        if !dateText.isEmpty {
            if let date = CalendarDate(dateText) { onDate = date } else { v.add(field: "on_date", "must be a day YYYY-MM-DD") }
        }
        try v.throwIfAny()
        // reason: a subject is set unless a violation was added, and throwIfAny threw then.
        return MatchQuery(subject: subject!, filters: MatchFilters(kinds: kinds, countries: countries, transnationalOnly: request.transnationalOnly,
                                                                  minTRL: Int(request.minTrl), limit: request.limit == 0 ? 20 : Int(request.limit),
                                                                  onDate: onDate))
    }
}
