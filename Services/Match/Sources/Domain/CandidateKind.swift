/// What a candidate is: the three kinds FindMatches can be asked for.
public enum CandidateKind: Int, Sendable, Hashable, CaseIterable, Codable {
    /// A catalogue resource other than a programme (expertise, equipment, facility, technology, service, training).
    case resource = 1
    /// A catalogue support programme or funding instrument (carries a validity window).
    case supportProgramme = 2
    /// Another SME's open offer in a followed registry.
    case partnerOffer = 3
}
