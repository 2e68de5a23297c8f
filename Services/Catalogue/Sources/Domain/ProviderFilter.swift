import TIBSDomain
import TIBSServiceApp

/// ListProviders filters; empty and nil mean "any".
public struct ProviderFilter: Sendable, Hashable, PageFilter {
    public var country = ""
    /// A NUTS code; providers of its sub-regions match too.
    public var region = ""
    public var kind: ProviderKind?

    public init() {}

    public func validated(codes: CodeLists) throws(ValidationErrors) -> ProviderFilter {
        var filter = self
        var v = Validator()
        filter.country = v.countryFilter(country, field: "country")
        filter.region = v.nutsFilter(region, codes: codes, field: "region")
        try v.throwIfAny()
        return filter
    }

    public var pageKeyValues: [String] { [country, region, kind?.rawValue ?? ""] }
}
