import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

extension MatchLifecycleApp {
    /// Proposes a candidate (as FindMatches answered it) for a need: the candidate's score parts
    /// are kept as scored now. Admins and the brokers of either side; one open match per (need,
    /// candidate), ALREADY_EXISTS for a second. Honours the idempotency ticket, before the replica
    /// is asked: a retry after a crash gets its match even while the replica catches up again.
    public func proposeMatch(needID: String, candidateID: String, note: String, by caller: Caller,
                             idempotency: IdempotencyTicket? = nil) async throws -> Created<MatchView> {
        if let stored = try await changes.replay(idempotency, caller) { return .replayed(stored) }
        var v = Validator()
        let needID = TextRules.trimmed(needID), candidateID = TextRules.trimmed(candidateID)
        v.require(needID.isEmpty ? nil : needID, field: "need_id")
        v.require(candidateID.isEmpty ? nil : candidateID, field: "candidate_id")
        let note = rules.note(note, &v)
        try v.throwIfAny()
        let day = today
        let proposal = try directory.proposal(needID: needID, candidateID: candidateID, on: day)
        let match = try proposed(proposal, note: note, by: caller, on: day)
        let record = try record(match)
        let view = MatchDisclosure.view(match, for: caller.principal)
        let response = try codec.encode(view)
        return try await store.groupWrite { db in
            try changes.idempotent(db, idempotency, caller, encode: { _ in response }) {
                if let open = try MatchTable.hasOpen(db, needID: match.needID, candidateID: match.candidate.id) {
                    throw ServiceError.alreadyExists("need \(match.needID) already has the open match \(open) with candidate \(match.candidate.id)")
                }
                try MatchTable.save(db, match, record: record, isNew: true)
                try changes.record(db, caller, .match, match.id, .created, payload: record)
                return view
            }
        }
    }

    private func proposed(_ proposal: Proposal, note: String, by caller: Caller, on day: CalendarDate) throws -> MatchRecord {
        let need = proposal.need, scored = proposal.scored, candidate = scored.candidate
        let version = settings.codes.nuts.version
        let needRegion = RegionRef(country: need.country, nutsCode: need.nuts, nutsVersion: version)
        let candidateRegion = RegionRef(country: candidate.country, nutsCode: candidate.nuts, nutsVersion: version)
        let side = try MatchActor.side(of: caller.principal, needRegion: need.nuts, candidateRegion: candidate.nuts, awaiting: nil)
        let now = store.now
        let kept = MatchCandidate(id: candidate.id.description, kind: candidate.kind, title: candidate.text.title,
                                  ownerName: candidate.ownerName,
                                  ownerTeaser: candidate.kind == .partnerOffer ? proposal.candidateOwnerTeaser : "",
                                  region: candidateRegion, parts: scored.parts, matchedTerms: scored.matchedTerms,
                                  upstream: candidate.id.upstream)
        return MatchRecord(id: ids.next(), needID: need.id.description, smeID: need.smeID.description, needRegion: needRegion,
                           candidate: kept, state: .proposed,
                           steps: [MatchStep(from: nil, to: .proposed, actor: caller.principal.subject, actorSide: side, at: now, note: note)],
                           awaiting: side.other, respondBy: respondBy(after: day), version: 1, createdAt: now, updatedAt: now,
                           proposedBy: caller.principal.subject, smeName: proposal.smeName, smeTeaser: proposal.smeTeaser)
    }
}
