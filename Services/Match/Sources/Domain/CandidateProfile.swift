import TIBSDomain

/// A resource, programme or partner SME's offer as the match service knows it: everything
/// scoring and the filters read. Only matchable ones (published resources, open offers) are in
/// the index; a programme past its window stays in the index and is filtered on the day asked.
public struct CandidateProfile: Sendable, Hashable, Codable {
    public var id: QualifiedID
    public var kind: CandidateKind
    /// The provider (catalogue) or the SME (registry) it belongs to.
    public var ownerID: QualifiedID
    /// The provider's or SME's name.
    public var ownerName: String
    public var text: MatchText
    public var s3Areas: [String]
    public var naceCodes: [String]
    public var country: String
    public var nuts: String
    /// Technologies' TRL range (catalogue) or the offer's TRL as min == max; nil: not applicable.
    public var trlMin: Int?
    public var trlMax: Int?
    public var access: AccessScope
    /// Transnational: the eligible countries (empty: all). Offers: their wanted countries.
    public var eligibleCountries: [String]
    /// A programme's call opening and deadline (inclusive); nil: no bound.
    public var opensOn: CalendarDate?
    public var closesOn: CalendarDate?
    /// A capacity or availability text was given.
    public var capacityStated: Bool
    /// The offering SME's internationalisation stage (partner offers), 0 otherwise.
    public var ownerStage: Int

    public init(id: QualifiedID, kind: CandidateKind, ownerID: QualifiedID, ownerName: String, text: MatchText,
                s3Areas: [String] = [], naceCodes: [String] = [], country: String, nuts: String,
                trlMin: Int? = nil, trlMax: Int? = nil, access: AccessScope = .transnational, eligibleCountries: [String] = [],
                opensOn: CalendarDate? = nil, closesOn: CalendarDate? = nil, capacityStated: Bool = false, ownerStage: Int = 0) {
        self.id = id
        self.kind = kind
        self.ownerID = ownerID
        self.ownerName = ownerName
        self.text = text
        self.s3Areas = s3Areas
        self.naceCodes = naceCodes
        self.country = country
        self.nuts = nuts
        self.trlMin = trlMin
        self.trlMax = trlMax
        self.access = access
        self.eligibleCountries = eligibleCountries
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.capacityStated = capacityStated
        self.ownerStage = ownerStage
    }
}
