import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

/// What AdvanceMatch asks for.
public struct MatchAdvance: Sendable, Hashable {
    public var to: MatchState
    public var note: String
    /// Required to move to introduced: who gave the SME's consent and on which day (as sent).
    public var consentGivenBy: String?
    public var consentGivenOn: String?

    public init(to: MatchState, note: String = "", consentGivenBy: String? = nil, consentGivenOn: String? = nil) {
        self.to = to
        self.note = note
        self.consentGivenBy = consentGivenBy
        self.consentGivenOn = consentGivenOn
    }
}

extension MatchLifecycleApp {
    /// One step of the walk (``MatchState/next``): FAILED_PRECONDITION naming both states when the
    /// walk does not allow it, or when an introduction lacks a valid consent; ABORTED when
    /// `expectedVersion` is stale. The other side is awaited next, by the step's day plus the
    /// response working days; reaching agreement schedules the follow-ups.
    public func advanceMatch(id: String, expectedVersion: Int64, _ step: MatchAdvance, by caller: Caller) async throws -> MatchView {
        var v = Validator()
        let note = rules.note(step.note, &v)
        if step.to != .introduced, step.consentGivenBy != nil || step.consentGivenOn != nil {
            v.add(field: "consent", "is recorded only when the match moves to introduced")
        }
        try v.throwIfAny()
        let day = today
        let now = store.now
        let codec = self.codec
        let app = self
        return try await store.groupWrite { db in
            guard var match = try MatchTable.load(db, id: id, codec: codec) else { throw ServiceError.notFound(entity: "match", id: id) }
            let side = try MatchActor.side(of: caller.principal, needRegion: match.needRegion.nutsCode,
                                           candidateRegion: match.candidate.region.nutsCode, awaiting: match.awaiting)
            guard match.version == expectedVersion else {
                throw ServiceError.staleVersion(entity: "match", id: id, expected: expectedVersion, actual: match.version)
            }
            if let refusal = MatchWalk.check(from: match.state, to: step.to) { throw ServiceError.failedPrecondition(refusal) }
            if step.to == .introduced {
                match.consent = try app.rules.consent(givenBy: step.consentGivenBy ?? "", givenOn: step.consentGivenOn ?? "",
                                                      recordedBy: caller.principal.subject, today: day)
            }
            match.steps.append(MatchStep(from: match.state, to: step.to, actor: caller.principal.subject, actorSide: side, at: now, note: note))
            match.state = step.to
            match.awaiting = step.to.isFinal ? nil : side.other
            match.respondBy = step.to.isFinal ? nil : app.respondBy(after: day)
            if step.to == .agreement {
                match.followUps = MatchFollowUp.schedule.map { MatchFollowUp(months: $0, dueOn: day.adding(months: $0)) }
            }
            match.version += 1
            match.updatedAt = now
            let record = try app.record(match)
            try MatchTable.save(db, match, record: record, isNew: false)
            try app.changes.record(db, caller, .match, id, .updated, payload: record)
            return MatchDisclosure.view(match, for: caller.principal)
        }
    }
}
