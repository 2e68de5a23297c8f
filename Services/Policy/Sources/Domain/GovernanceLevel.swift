/// Where an institution governs: the EU (no country, no region), a country (a country, no
/// region) or a region (a country and a NUTS region in it). Raw values are the proto numbers.
public enum GovernanceLevel: Int, Sendable, CaseIterable, Codable {
    case eu = 1, national = 2, regional = 3
}
