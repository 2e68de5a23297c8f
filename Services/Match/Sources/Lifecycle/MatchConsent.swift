import TIBSDomain

/// The SME's consent to being introduced, recorded on the match when it is introduced.
public struct MatchConsent: Sendable, Hashable {
    /// The SME's representative: a name or a role, never contact data.
    public var givenBy: String
    /// Not in the future.
    public var givenOn: CalendarDate
    /// Token subject of the broker who recorded it.
    public var recordedBy: String

    public init(givenBy: String, givenOn: CalendarDate, recordedBy: String) {
        self.givenBy = givenBy
        self.givenOn = givenOn
        self.recordedBy = recordedBy
    }
}
