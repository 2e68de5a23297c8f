import TIBSDomain

/// FindMatches' filters, validated: what may appear and how many.
public struct MatchFilters: Sendable, Hashable {
    /// Empty: every kind.
    public var kinds: Set<CandidateKind>
    /// Empty: every country.
    public var countries: Set<String>
    public var transnationalOnly: Bool
    /// 0: no minimum.
    public var minTRL: Int
    /// 1...100, default 20.
    public var limit: Int
    /// The day availability (programme windows) is judged on.
    public var onDate: CalendarDate

    public init(kinds: Set<CandidateKind> = [], countries: Set<String> = [], transnationalOnly: Bool = false, minTRL: Int = 0,
                limit: Int = 20, onDate: CalendarDate) {
        self.kinds = kinds
        self.countries = countries
        self.transnationalOnly = transnationalOnly
        self.minTRL = minTRL
        self.limit = limit
        self.onDate = onDate
    }
}
