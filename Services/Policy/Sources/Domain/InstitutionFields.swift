import TIBSDomain

/// The fields of an institution a client sets (Create and Update replace them all).
public struct InstitutionFields: Sendable, Hashable {
    public var name: String
    public var kind: InstitutionKind?
    public var level: GovernanceLevel?
    /// ISO 3166-1 alpha-2; national and regional levels only.
    public var country: String
    /// NUTS code; regional level only.
    public var region: String
    public var website: String
    /// Personal data: stored apart, shown to admins and analysts only, never on the feed.
    public var contacts: [ContactPerson]

    public init(name: String, kind: InstitutionKind?, level: GovernanceLevel?, country: String = "", region: String = "",
                website: String = "", contacts: [ContactPerson] = []) {
        self.name = name
        self.kind = kind
        self.level = level
        self.country = country
        self.region = region
        self.website = website
        self.contacts = contacts
    }
}
