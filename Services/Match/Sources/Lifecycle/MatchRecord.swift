import Foundation
import TIBSDomain

/// A match between an SME's need and a candidate, walked by the brokers of both sides' regions
/// from proposal to outcome. What the store keeps and the feed carries, in full; callers get a
/// ``MatchView`` that may hide identities (``MatchDisclosure``).
public struct MatchRecord: Sendable, Hashable {
    public var id: String
    /// Qualified "<upstream>/<id>".
    public var needID: String
    public var smeID: String
    public var needRegion: RegionRef
    public var candidate: MatchCandidate
    public var state: MatchState
    public var steps: [MatchStep]
    /// The side whose broker must act next; nil once the match is final.
    public var awaiting: MatchSide?
    /// `awaiting`'s deadline: the last step's day plus the response working days.
    public var respondBy: CalendarDate?
    public var consent: MatchConsent?
    public var outcome: MatchOutcome?
    public var followUps: [MatchFollowUp]
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date
    public var proposedBy: String
    public var smeName: String
    public var smeTeaser: String

    public init(id: String, needID: String, smeID: String, needRegion: RegionRef, candidate: MatchCandidate, state: MatchState,
                steps: [MatchStep], awaiting: MatchSide?, respondBy: CalendarDate?, consent: MatchConsent? = nil,
                outcome: MatchOutcome? = nil, followUps: [MatchFollowUp] = [], version: Int64, createdAt: Date, updatedAt: Date,
                proposedBy: String, smeName: String, smeTeaser: String) {
        self.id = id
        self.needID = needID
        self.smeID = smeID
        self.needRegion = needRegion
        self.candidate = candidate
        self.state = state
        self.steps = steps
        self.awaiting = awaiting
        self.respondBy = respondBy
        self.consent = consent
        self.outcome = outcome
        self.followUps = followUps
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.proposedBy = proposedBy
        self.smeName = smeName
        self.smeTeaser = smeTeaser
    }

    public var candidateRegion: RegionRef { candidate.region }

    /// The two sides are in different countries.
    public var isTransnational: Bool { needRegion.country != candidate.region.country }

    /// The NUTS code of one side.
    public func region(of side: MatchSide) -> String {
        side == .need ? needRegion.nutsCode : candidate.region.nutsCode
    }

    /// Identities are disclosed once the match was introduced (it keeps the consent for good).
    public var wasIntroduced: Bool { consent != nil }

    /// Every state the match has been in (the cumulative funnel counts a match in each).
    public var reached: Set<MatchState> { Set(steps.map(\.to)) }

    /// The day the match was proposed (store clock, UTC).
    public var proposedOn: CalendarDate { CalendarDate(createdAt) }
}
