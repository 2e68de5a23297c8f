import TIBSDomain

/// A follow-up of an agreement that is due and not yet recorded.
public struct FollowUpDue: Sendable, Hashable {
    public var matchID: String
    public var months: Int
    public var dueOn: CalendarDate
    public var needRegion: RegionRef
    public var candidateRegion: RegionRef

    public init(matchID: String, months: Int, dueOn: CalendarDate, needRegion: RegionRef, candidateRegion: RegionRef) {
        self.matchID = matchID
        self.months = months
        self.dueOn = dueOn
        self.needRegion = needRegion
        self.candidateRegion = candidateRegion
    }
}
