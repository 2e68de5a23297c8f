/// Who may use a candidate, from the catalogue's access scope; registry offers are transnational
/// (restricted to their wanted countries when they list any).
public enum AccessScope: Int, Sendable, Hashable, Codable {
    case regional = 1
    case national = 2
    case transnational = 3
}
