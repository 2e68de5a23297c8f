import Foundation
import Testing
import TIBSDomain
import TIBSMatch
import TIBSServiceApp
import TIBSStore

@Suite struct ProposeTests {
    @Test func aProposalKeepsTheScoreAndOneOpenMatchPerPair() async throws {
        try await Lifecycle.withApp { app, _ in
            let caller = Lifecycle.caller(Lifecycle.brokerLV, MatchMethods.proposeMatch)
            let ticket = IdempotencyTicket(key: "broker-lv|k1", requestDigest: Data([1, 2, 3]))
            let first = try await app.proposeMatch(needID: FixedDirectory.needID, candidateID: FixedDirectory.offerID, note: "fits", by: caller,
                                                   idempotency: ticket)
            guard case .new(let view) = first else { Issue.record("not new"); return }
            let match = view.match
            #expect(match.state == .proposed && match.version == 1 && match.proposedBy == "broker-lv")
            #expect(match.candidate.parts.textRelevance == 0.8 && match.candidate.parts.total == 0.55)
            #expect(match.candidate.matchedTerms == ["sensor"] && match.candidate.upstream == "registry-lt")
            #expect(match.steps == [MatchStep(from: nil, to: .proposed, actor: "broker-lv", actorSide: .need, at: app.store.now, note: "fits")])
            let sequence = app.store.latestSequence()
            // The same key and request: the stored answer, nothing written.
            let replay = try await app.proposeMatch(needID: FixedDirectory.needID, candidateID: FixedDirectory.offerID, note: "fits", by: caller,
                                                    idempotency: ticket)
            guard case .replayed(let bytes) = replay else { Issue.record("not replayed"); return }
            #expect(try LifecycleMapping().decode(bytes, ownerTeaser: FixedDirectory.offerTeaser).id == match.id)
            #expect(app.store.latestSequence() == sequence)
            // Without the key: a second open match for the pair is refused.
            await #expect(throws: ServiceError.self) {
                try await app.proposeMatch(needID: FixedDirectory.needID, candidateID: FixedDirectory.offerID, note: "", by: caller)
            }
            #expect(app.store.latestSequence() == sequence)
            // Once it is final, the pair may be proposed again.
            _ = try await Lifecycle.advance(app, match, to: .declined)
            let again = try await Lifecycle.propose(app, candidate: FixedDirectory.offerID)
            #expect(again.id != match.id)
            // The feed carries the Match proto.
            let changes = try await app.store.readChanges(after: 0, limit: 10)
            #expect(changes.map(\.entityType) == ["match", "match", "match"])
            #expect(changes.first?.payloadType == "tibs.match.v1.Match")
        }
    }

    /// A proposal whose answer was lost to a crash, sent again under its key while the replica does
    /// not know the need (not loaded yet after a restart, or the need gone since): the stored answer,
    /// not NOT_FOUND. The chaos test found it.
    @Test func aRetryUnderItsKeyGetsItsMatchWhateverTheReplicaKnowsNow() async throws {
        try await Lifecycle.withApp { app, _ in
            let caller = Lifecycle.caller(Lifecycle.brokerLV, MatchMethods.proposeMatch)
            let ticket = IdempotencyTicket(key: "broker-lv|k1", requestDigest: Data([4, 5, 6]))
            guard case .new(let view) = try await app.proposeMatch(needID: FixedDirectory.needID, candidateID: FixedDirectory.offerID, note: "",
                                                                   by: caller, idempotency: ticket) else { Issue.record("not new"); return }
            let sequence = app.store.latestSequence()
            let forgetful = MatchLifecycleApp(store: app.store, directory: EmptyDirectory(), settings: LifecycleSettings(responseWorkingDays: 10))
            let replay = try await forgetful.proposeMatch(needID: FixedDirectory.needID, candidateID: FixedDirectory.offerID, note: "",
                                                          by: caller, idempotency: ticket)
            guard case .replayed(let bytes) = replay else { Issue.record("not replayed"); return }
            #expect(try LifecycleMapping().decode(bytes, ownerTeaser: FixedDirectory.offerTeaser).id == view.match.id)
            #expect(app.store.latestSequence() == sequence)
            // A new key still asks the replica.
            await #expect(throws: ServiceError.notFound(entity: "need", id: FixedDirectory.needID)) {
                try await forgetful.proposeMatch(needID: FixedDirectory.needID, candidateID: FixedDirectory.offerID, note: "", by: caller,
                                                 idempotency: IdempotencyTicket(key: "broker-lv|k2", requestDigest: Data([4, 5, 6])))
            }
        }
    }

    @Test func badProposalsChangeNothing() async throws {
        try await Lifecycle.withApp { app, _ in
            let caller = Lifecycle.caller(Lifecycle.brokerLV, MatchMethods.proposeMatch)
            let error = await #expect(throws: ValidationErrors.self) {
                try await app.proposeMatch(needID: " ", candidateID: "", note: "bad\u{0007}", by: caller)
            }
            #expect(Set(error?.fields ?? []) == ["need_id", "candidate_id", "note"])
            await #expect(throws: ServiceError.notFound(entity: "candidate", id: "catalogue-lv/none")) {
                try await app.proposeMatch(needID: FixedDirectory.needID, candidateID: "catalogue-lv/none", note: "", by: caller)
            }
            #expect(app.store.latestSequence() == 0)
        }
    }

    @Test func onlyBrokersOfEitherSideAndAdminsAct() async throws {
        try await Lifecycle.withApp { app, _ in
            for principal in [Lifecycle.brokerPL, Lifecycle.analyst] {
                await #expect(throws: ServiceError.self) {
                    try await app.proposeMatch(needID: FixedDirectory.needID, candidateID: FixedDirectory.offerID, note: "",
                                               by: Lifecycle.caller(principal, MatchMethods.proposeMatch))
                }
            }
            #expect(app.store.latestSequence() == 0)
            let match = try await Lifecycle.propose(app, candidate: FixedDirectory.offerID, by: Lifecycle.brokerLT)
            #expect(match.steps.first?.actorSide == .candidate && match.awaiting == .need)
            let before = try await Lifecycle.snapshot(app.store)
            let error = await #expect(throws: ServiceError.self) { try await Lifecycle.advance(app, match, to: .shortlisted, by: Lifecycle.brokerPL) }
            guard case .permissionDenied = error else { Issue.record("\(String(describing: error))"); return }
            await #expect(throws: ServiceError.self) {
                try await app.recordOutcome(id: match.id, expectedVersion: 1, MatchOutcomeInput(success: true), by: Lifecycle.caller(Lifecycle.brokerEE))
            }
            #expect(try await Lifecycle.snapshot(app.store) == before)
            // Either side's broker may act: the need side answers now.
            let moved = try await Lifecycle.advance(app, match, to: .shortlisted, by: Lifecycle.brokerLV)
            #expect(moved.steps.last?.actorSide == .need && moved.awaiting == .candidate)
        }
    }

    @Test func aStaleVersionIsAborted() async throws {
        try await Lifecycle.withApp { app, _ in
            let match = try await Lifecycle.propose(app, candidate: FixedDirectory.offerID)
            _ = try await Lifecycle.advance(app, match, to: .shortlisted)
            let before = try await Lifecycle.snapshot(app.store)
            await #expect(throws: ServiceError.staleVersion(entity: "match", id: match.id, expected: 1, actual: 2)) {
                try await Lifecycle.advance(app, match, to: .declined)
            }
            await #expect(throws: ServiceError.notFound(entity: "match", id: "0192a000-0000-7000-8000-000000000000")) {
                try await app.getMatch(id: "0192a000-0000-7000-8000-000000000000", by: Lifecycle.admin)
            }
            #expect(try await Lifecycle.snapshot(app.store) == before)
        }
    }
}

/// A replica that knows nothing (as one not yet loaded would).
private struct EmptyDirectory: MatchDirectory {
    func proposal(needID: String, candidateID: String, on date: CalendarDate) throws -> Proposal {
        throw ServiceError.notFound(entity: "need", id: needID)
    }

    func brokers(serving nuts: String) -> [String] { [] }
}
