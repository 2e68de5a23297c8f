import TIBSDomain
import TIBSServiceApp

extension MatchReplica {
    /// At most this many needs in one FindMatches answer (× at most 100 candidates each).
    public static let maxNeedsPerAnswer = 50

    /// FindMatches: the need's candidates, or those of every open need of the SME, ranked from
    /// the index as it is now, with the upstreams it may be behind on. NOT_FOUND for an unknown
    /// id, FAILED_PRECONDITION for a need that is not open. An SME's answer covers at most
    /// ``maxNeedsPerAnswer`` of its open needs (by id), so every answer is bounded.
    public func findMatches(_ query: MatchQuery) throws -> MatchAnswer {
        let state = snapshot
        let needs: [NeedProfile]
        switch query.subject {
        case .need(let raw):
            let id = try ReplicaLookup.resolve(raw, field: "need_id", what: "need", registries: registries, in: state.needs)
            // reason: resolve returned an id present in state.needs.
            let need = state.needs[id]!
            guard need.isOpen else { throw ServiceError.failedPrecondition("need \(id) is not open: only open needs are matched") }
            needs = [need]
        case .sme(let raw):
            let id = try ReplicaLookup.resolve(raw, field: "sme_id", what: "SME", registries: registries, in: state.smes)
            needs = Array(state.openNeeds(of: id).prefix(Self.maxNeedsPerAnswer))
        }
        let weights = query.weights ?? self.weights
        let priorities = state.priorityLookup
        let matches = needs.map { need in
            NeedMatches(need: need, candidates: state.index.rank(need, filters: query.filters, weights: weights, priorities: priorities))
        }
        return MatchAnswer(needs: matches, staleUpstreams: staleUpstreams())
    }

    // MARK: MatchDirectory

    public func proposal(needID: String, candidateID: String, on date: CalendarDate) throws -> Proposal {
        let state = snapshot
        let needKey = try ReplicaLookup.resolve(needID, field: "need_id", what: "need", registries: registries, in: state.needs)
        // reason: resolve returned an id present in state.needs.
        let need = state.needs[needKey]!
        guard need.isOpen else { throw ServiceError.failedPrecondition("need \(needKey) is not open: only open needs are matched") }
        let text = TextRules.trimmed(candidateID)
        guard let candidateKey = QualifiedID(parsing: text), text.count <= ReplicaLookup.maxLength, TextRules.forbiddenScalar(in: text) == nil else {
            throw ValidationErrors(field: "candidate_id", "must be qualified as FindMatches answered it: \"<upstream>/<id>\"")
        }
        guard let candidate = state.index.candidate(candidateKey) else {
            if state.unmatchable.contains(candidateKey) {
                throw ServiceError.failedPrecondition("candidate \(candidateKey) is no longer matchable (retired, unpublished or withdrawn)")
            }
            throw ServiceError.notFound(entity: "candidate", id: text)
        }
        guard candidate.ownerID != need.smeID else { throw ServiceError.failedPrecondition("an SME is never matched with itself") }
        guard let scored = state.index.score(need, candidate, filters: MatchFilters(onDate: date), weights: weights,
                                             priorities: state.priorityLookup) else {
            throw ServiceError.failedPrecondition("candidate \(candidateKey) is not available to need \(needKey) on \(date)")
        }
        let sme = state.smes[need.smeID]
        let ownerTeaser = candidate.kind == .partnerOffer ? state.smes[candidate.ownerID]?.teaser ?? "" : ""
        return Proposal(need: need, scored: scored, smeName: sme?.legalName ?? "", smeTeaser: sme?.teaser ?? "an SME in \(need.nuts)",
                        candidateOwnerTeaser: ownerTeaser)
    }

    public func brokers(serving nuts: String) -> [String] {
        Set(snapshot.brokers.values.filter { $0.serves(nuts) }.map(\.subject)).sorted()
    }
}

extension MatchReplica {
    /// A need by the id a caller gave (`field` names it in refusals), open or not.
    public func resolveNeed(_ raw: String, field: String) throws -> NeedProfile {
        let state = snapshot
        let id = try ReplicaLookup.resolve(raw, field: field, what: "need", registries: registries, in: state.needs)
        // reason: resolve returned an id present in state.needs.
        return state.needs[id]!
    }
}
