/// What kind of organisation offers resources in the catalogue.
public enum ProviderKind: String, Sendable, Hashable, Codable, CaseIterable {
    case researchInstitute = "research-institute"
    case university
    case technologyCentre = "technology-centre"
    case cluster
    case supportAgency = "support-agency"
    case other
}
