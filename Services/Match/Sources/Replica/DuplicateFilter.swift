import TIBSServiceApp

/// ListLikelyDuplicates' filter, validated: the key its page tokens are bound to.
public struct DuplicateFilter: PageFilter {
    /// ISO 3166-1 alpha-2; empty: every country.
    public var country: String

    public init(country: String) { self.country = country }

    public var pageKeyValues: [String] { [country] }
}
