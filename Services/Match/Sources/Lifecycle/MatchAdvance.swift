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
