import Foundation
import SwiftProtobuf
import TIBSDomain
import TIBSProto
import TIBSServiceApp
import TIBSServiceKit

/// The lifecycle's proto ⇄ domain mapping and its ``LifecycleCoding``: stored records, feed
/// payloads and answers are the `tibs.match.v1.Match` message.
public struct LifecycleMapping: LifecycleCoding {
    public init() {}

    public var payloadType: String { Tibs_Match_V1_Match.protoMessageName }

    public func encode(_ view: MatchView) throws -> Data { try Self.proto(view).serializedBytes() }

    public func decode(_ record: Data, ownerTeaser: String) throws -> MatchRecord {
        try Self.domain(Tibs_Match_V1_Match(serializedBytes: record), ownerTeaser: ownerTeaser)
    }

    // MARK: domain → proto

    public static func proto(_ view: MatchView) -> Tibs_Match_V1_Match {
        let m = view.match
        return .with {
            $0.id = m.id
            $0.needID = m.needID
            $0.smeID = m.smeID
            $0.needRegion = CommonMapping.proto(m.needRegion)
            $0.candidate = proto(m.candidate, hidesOwner: view.hidesOwner)
            $0.candidateRegion = CommonMapping.proto(m.candidate.region)
            $0.transnational = m.isTransnational
            $0.state = proto(m.state)
            $0.steps = m.steps.map(proto)
            $0.awaiting = m.awaiting.map(proto) ?? .unspecified
            $0.respondBy = m.respondBy?.description ?? ""
            if let consent = m.consent {
                $0.consent = .with { c in
                    c.givenBy = consent.givenBy
                    c.givenOn = consent.givenOn.description
                    c.recordedBy = consent.recordedBy
                }
            }
            if let outcome = m.outcome { $0.outcome = proto(outcome) }
            $0.followUps = m.followUps.map(proto)
            $0.version = UInt64(m.version)
            $0.createdAt = CommonMapping.timestamp(m.createdAt)
            $0.updatedAt = CommonMapping.timestamp(m.updatedAt)
            $0.proposedBy = m.proposedBy
            $0.teaser = view.hidesSME
            $0.smeName = view.hidesSME ? "" : m.smeName
            $0.smeTeaser = m.smeTeaser
        }
    }

    static func proto(_ c: MatchCandidate, hidesOwner: Bool) -> Tibs_Match_V1_Candidate {
        .with {
            $0.id = c.id
            $0.kind = Tibs_Match_V1_CandidateKind(rawValue: c.kind.rawValue) ?? .unspecified
            $0.title = c.title
            $0.owner = hidesOwner ? c.ownerTeaser : c.ownerName
            $0.region = CommonMapping.proto(c.region)
            $0.score = .with { s in
                s.textRelevance = c.parts.textRelevance
                s.s3Overlap = c.parts.s3Overlap
                s.naceFit = c.parts.naceFit
                s.crossBorder = c.parts.crossBorder
                s.s3Priority = c.parts.s3Priority
                s.trlStageFit = c.parts.trlStageFit
                s.availability = c.parts.availability
                s.total = c.parts.total
            }
            $0.matchedTerms = c.matchedTerms
            $0.upstream = c.upstream
        }
    }

    static func proto(_ step: MatchStep) -> Tibs_Match_V1_MatchStep {
        .with {
            $0.from = step.from.map(proto) ?? .unspecified
            $0.to = proto(step.to)
            $0.actor = step.actor
            $0.actorSide = proto(step.actorSide)
            $0.at = CommonMapping.timestamp(step.at)
            $0.note = step.note
        }
    }

    static func proto(_ outcome: MatchOutcome) -> Tibs_Match_V1_Outcome {
        .with {
            $0.success = outcome.success
            $0.successReasons = outcome.successReasons.map(CommonMapping.proto)
            $0.failureReasons = outcome.failureReasons.map(CommonMapping.proto)
            $0.advantages = outcome.advantages.map(CommonMapping.proto)
            $0.note = outcome.note
            $0.recordedAt = CommonMapping.timestamp(outcome.recordedAt)
            $0.recordedBy = outcome.recordedBy
        }
    }

    static func proto(_ f: MatchFollowUp) -> Tibs_Match_V1_FollowUp {
        .with {
            $0.months = UInt32(f.months)
            $0.dueOn = f.dueOn.description
            $0.done = f.done
            $0.note = f.note
            if let at = f.recordedAt { $0.recordedAt = CommonMapping.timestamp(at) }
            $0.recordedBy = f.recordedBy
        }
    }

    public static func proto(_ state: MatchState) -> Tibs_Match_V1_MatchState {
        Tibs_Match_V1_MatchState(rawValue: state.rawValue) ?? .unspecified
    }

    public static func proto(_ side: MatchSide) -> Tibs_Match_V1_Side { Tibs_Match_V1_Side(rawValue: side.rawValue) ?? .unspecified }

    /// nil for unspecified (the router refuses unknown numbers before a handler runs).
    public static func domain(_ state: Tibs_Match_V1_MatchState) -> MatchState? { MatchState(rawValue: state.rawValue) }

    public static func proto(_ overdue: OverdueMatch) -> Tibs_Match_V1_OverdueMatch {
        .with {
            $0.match = proto(overdue.view)
            $0.awaiting = proto(overdue.awaiting)
            $0.respondBy = overdue.respondBy.description
            $0.workingDaysLate = UInt32(clamping: overdue.workingDaysLate)
            $0.brokers = overdue.brokers
        }
    }

    public static func proto(_ due: FollowUpDue) -> Tibs_Match_V1_FollowUpDue {
        .with {
            $0.matchID = due.matchID
            $0.months = UInt32(due.months)
            $0.dueOn = due.dueOn.description
            $0.needRegion = CommonMapping.proto(due.needRegion)
            $0.candidateRegion = CommonMapping.proto(due.candidateRegion)
        }
    }

    // MARK: proto → domain (stored records)

    static func domain(_ p: Tibs_Match_V1_Match, ownerTeaser: String) throws -> MatchRecord {
        guard let state = domain(p.state) else { throw RecordError.field("state") }
        let c = p.candidate
        guard let kind = CandidateKind(rawValue: c.kind.rawValue) else { throw RecordError.field("candidate.kind") }
        var parts = ScoreParts()
        parts.textRelevance = c.score.textRelevance
        parts.s3Overlap = c.score.s3Overlap
        parts.naceFit = c.score.naceFit
        parts.crossBorder = c.score.crossBorder
        parts.s3Priority = c.score.s3Priority
        parts.trlStageFit = c.score.trlStageFit
        parts.availability = c.score.availability
        parts.total = c.score.total
        let candidate = MatchCandidate(id: c.id, kind: kind, title: c.title, ownerName: c.owner, ownerTeaser: ownerTeaser,
                                       region: CommonMapping.region(c.region), parts: parts, matchedTerms: c.matchedTerms, upstream: c.upstream)
        let steps = try p.steps.map { s in
            guard let to = domain(s.to), let side = MatchSide(rawValue: s.actorSide.rawValue) else { throw RecordError.field("steps") }
            return MatchStep(from: domain(s.from), to: to, actor: s.actor, actorSide: side, at: s.at.date, note: s.note)
        }
        var consent: MatchConsent?
        if p.hasConsent {
            guard let on = CalendarDate(p.consent.givenOn) else { throw RecordError.field("consent.given_on") }
            consent = MatchConsent(givenBy: p.consent.givenBy, givenOn: on, recordedBy: p.consent.recordedBy)
        }
        let outcome = p.hasOutcome ? MatchOutcome(success: p.outcome.success, successReasons: p.outcome.successReasons.map(CommonMapping.code),
                                                  failureReasons: p.outcome.failureReasons.map(CommonMapping.code),
                                                  advantages: p.outcome.advantages.map(CommonMapping.code), note: p.outcome.note,
                                                  recordedAt: p.outcome.recordedAt.date, recordedBy: p.outcome.recordedBy) : nil
        let followUps = try p.followUps.map { f in
            guard let due = CalendarDate(f.dueOn) else { throw RecordError.field("follow_ups.due_on") }
            return MatchFollowUp(months: Int(f.months), dueOn: due, done: f.done, note: f.note,
                                 recordedAt: f.hasRecordedAt ? f.recordedAt.date : nil, recordedBy: f.recordedBy)
        }
        return MatchRecord(id: p.id, needID: p.needID, smeID: p.smeID, needRegion: CommonMapping.region(p.needRegion), candidate: candidate,
                           state: state, steps: steps, awaiting: MatchSide(rawValue: p.awaiting.rawValue),
                           respondBy: CalendarDate(p.respondBy), consent: consent, outcome: outcome, followUps: followUps,
                           version: Int64(p.version), createdAt: p.createdAt.date, updatedAt: p.updatedAt.date, proposedBy: p.proposedBy,
                           smeName: p.smeName, smeTeaser: p.smeTeaser)
    }

    /// A stored record that does not read back (RecordCoding turns it into DATA_LOSS).
    enum RecordError: Error {
        case field(String)
    }
}
