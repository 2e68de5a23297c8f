import TIBSDomain
import TIBSServiceApp

/// ListInstitutions filters; empty and nil mean "any".
public struct InstitutionFilter: Sendable, Hashable, PageFilter {
    public var country = ""
    /// A NUTS code; institutions of its sub-regions match too.
    public var region = ""
    public var kind: InstitutionKind?
    public var level: GovernanceLevel?

    public init(country: String = "", region: String = "", kind: InstitutionKind? = nil, level: GovernanceLevel? = nil) {
        self.country = country
        self.region = region
        self.kind = kind
        self.level = level
    }

    public func validated(codes: CodeLists) throws(ValidationErrors) -> InstitutionFilter {
        var filter = self
        var v = Validator()
        filter.country = v.countryFilter(country, field: "country")
        filter.region = v.nutsFilter(region, codes: codes, field: "region")
        try v.throwIfAny()
        return filter
    }

    public var pageKeyValues: [String] { [country, region, kind.map { String($0.rawValue) } ?? "", level.map { String($0.rawValue) } ?? ""] }
}
