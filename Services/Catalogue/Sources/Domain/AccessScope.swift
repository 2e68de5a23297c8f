/// Who may use a resource: the fact the match service needs to propose it across borders.
public enum AccessScope: String, Sendable, Hashable, Codable, CaseIterable {
    /// SMEs of the provider's region only.
    case regional
    /// SMEs of the provider's country.
    case national
    /// SMEs of the eligible countries, or of every country when none are listed.
    case transnational

    /// True when an SME of `country` may use a resource of this scope offered in `providerCountry`
    /// (and `eligible`, for transnational resources). Region-level eligibility of regional
    /// resources is the caller's to decide: it needs the NUTS list.
    public func admits(country: String, providerCountry: String, eligible: [String]) -> Bool {
        switch self {
        case .regional, .national: country == providerCountry
        case .transnational: eligible.isEmpty || eligible.contains(country)
        }
    }
}
