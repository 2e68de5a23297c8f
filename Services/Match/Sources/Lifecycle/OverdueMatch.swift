import TIBSDomain

/// A match whose awaited side let its response deadline pass, with who should act.
public struct OverdueMatch: Sendable, Hashable {
    public var view: MatchView
    public var awaiting: MatchSide
    public var respondBy: CalendarDate
    /// Working days after `respondBy` up to and including the day asked (0 when only a weekend passed).
    public var workingDaysLate: Int
    /// Subjects of the registered brokers serving the awaited region.
    public var brokers: [String]

    public init(view: MatchView, awaiting: MatchSide, respondBy: CalendarDate, workingDaysLate: Int, brokers: [String]) {
        self.view = view
        self.awaiting = awaiting
        self.respondBy = respondBy
        self.workingDaysLate = workingDaysLate
        self.brokers = brokers
    }
}
