/// A match as one caller may see it: the need side SME's name and, for a partner offer, the
/// offering SME's name hidden behind their teasers where ``MatchDisclosure`` says so.
public struct MatchView: Sendable, Hashable {
    public var match: MatchRecord
    /// The need side's SME is shown only as its teaser (`sme_name` empty, `teaser` true).
    public var hidesSME: Bool
    /// The partner offer's owner is shown as its teaser instead of its legal name.
    public var hidesOwner: Bool

    public init(match: MatchRecord, hidesSME: Bool, hidesOwner: Bool) {
        self.match = match
        self.hidesSME = hidesSME
        self.hidesOwner = hidesOwner
    }
}
