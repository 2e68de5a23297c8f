import TIBSDomain

/// An SME's need as the match service knows it from a registry's feed: everything scoring reads.
public struct NeedProfile: Sendable, Hashable, Codable {
    public var id: QualifiedID
    public var smeID: QualifiedID
    public var text: MatchText
    /// S3 area codes.
    public var s3Areas: [String]
    /// NACE codes sought (the need's, else the SME's own).
    public var naceCodes: [String]
    /// ISO 3166-1 alpha-2 countries the SME wants partners in; empty: anywhere.
    public var wantedCountries: [String]
    /// 1...9, 0 = not applicable.
    public var trl: Int
    /// The registry's NeedKind number (1 technology … 6 testing facility).
    public var kind: Int
    public var country: String
    /// The SME's NUTS code.
    public var nuts: String
    /// The SME's internationalisation stage number (0 unknown, 1 domestic only … 5 established abroad).
    public var smeStage: Int
    /// Only open needs are matched.
    public var isOpen: Bool

    public init(id: QualifiedID, smeID: QualifiedID, text: MatchText, s3Areas: [String] = [], naceCodes: [String] = [],
                wantedCountries: [String] = [], trl: Int = 0, kind: Int = 1, country: String, nuts: String,
                smeStage: Int = 0, isOpen: Bool = true) {
        self.id = id
        self.smeID = smeID
        self.text = text
        self.s3Areas = s3Areas
        self.naceCodes = naceCodes
        self.wantedCountries = wantedCountries
        self.trl = trl
        self.kind = kind
        self.country = country
        self.nuts = nuts
        self.smeStage = smeStage
        self.isOpen = isOpen
    }
}
