import Foundation
import GRDB
import TIBSDomain
import TIBSServiceApp

extension MatchLifecycleApp {
    /// Records how a finished match went, once: only in agreement or closed without agreement
    /// (FAILED_PRECONDITION otherwise), `success` agreeing with the state; codes from the survey
    /// lists (INVALID_ARGUMENT naming the code). ABORTED when `expectedVersion` is stale.
    public func recordOutcome(id: String, expectedVersion: Int64, _ input: MatchOutcomeInput, by caller: Caller) async throws -> MatchView {
        let outcome = try rules.outcome(input)
        let now = store.now
        return try await mutate(id: id, expectedVersion: expectedVersion, by: caller) { match in
            guard match.state == .agreement || match.state == .closedWithoutAgreement else {
                throw ServiceError.failedPrecondition("an outcome is recorded after an agreement or a closure; match \(id) is \(match.state)")
            }
            guard match.outcome == nil else { throw ServiceError.failedPrecondition("match \(id) already has its outcome") }
            guard outcome.success == (match.state == .agreement) else {
                throw ServiceError.failedPrecondition("outcome.success must be \(match.state == .agreement) for a match in state \(match.state)")
            }
            match.outcome = MatchOutcome(success: outcome.success, successReasons: outcome.successReasons, failureReasons: outcome.failureReasons,
                                         advantages: outcome.advantages, note: outcome.note, recordedAt: now,
                                         recordedBy: caller.principal.subject)
        }
    }

    /// Records the follow-up `months` (3, 6 or 12) after an agreement: once each, and only once
    /// it is due (FAILED_PRECONDITION otherwise). ABORTED when `expectedVersion` is stale.
    public func recordFollowUp(id: String, expectedVersion: Int64, months: Int, note: String, by caller: Caller) async throws -> MatchView {
        var v = Validator()
        v.check(MatchFollowUp.schedule.contains(months), field: "months",
                "must be one of \(MatchFollowUp.schedule.map(String.init).joined(separator: ", "))")
        let note = rules.note(note, &v)
        try v.throwIfAny()
        let day = today
        let now = store.now
        return try await mutate(id: id, expectedVersion: expectedVersion, by: caller) { match in
            guard let index = match.followUps.firstIndex(where: { $0.months == months }) else {
                throw ServiceError.failedPrecondition("match \(id) is \(match.state): follow-ups are due only after an agreement")
            }
            let followUp = match.followUps[index]
            guard !followUp.done else { throw ServiceError.failedPrecondition("the \(months)-month follow-up of match \(id) is recorded") }
            guard followUp.dueOn <= day else {
                throw ServiceError.failedPrecondition("the \(months)-month follow-up of match \(id) is due on \(followUp.dueOn), not yet")
            }
            match.followUps[index] = MatchFollowUp(months: months, dueOn: followUp.dueOn, done: true, note: note, recordedAt: now,
                                                   recordedBy: caller.principal.subject)
        }
    }

    /// Loads, authorises, checks the version, applies `change`, saves and records the feed entry.
    func mutate(id: String, expectedVersion: Int64, by caller: Caller,
                _ change: @escaping @Sendable (inout MatchRecord) throws -> Void) async throws -> MatchView {
        let now = store.now
        let app = self
        return try await store.groupWrite { db in
            guard var match = try MatchTable.load(db, id: id, codec: app.codec) else { throw ServiceError.notFound(entity: "match", id: id) }
            _ = try MatchActor.side(of: caller.principal, needRegion: match.needRegion.nutsCode,
                                    candidateRegion: match.candidate.region.nutsCode, awaiting: match.awaiting)
            guard match.version == expectedVersion else {
                throw ServiceError.staleVersion(entity: "match", id: id, expected: expectedVersion, actual: match.version)
            }
            try change(&match)
            match.version += 1
            match.updatedAt = now
            let record = try app.record(match)
            try MatchTable.save(db, match, record: record, isNew: false)
            try app.changes.record(db, caller, .match, id, .updated, payload: record)
            return MatchDisclosure.view(match, for: caller.principal)
        }
    }
}
