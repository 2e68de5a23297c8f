/// What a followed upstream is: which feed it serves and which of its entity types the replica keeps.
public enum UpstreamKind: String, Sendable, Hashable, CaseIterable, Codable {
    case registry
    case catalogue
    case policy

    /// The upstream's WatchChanges method (the services' own method enums are not linked here).
    public var watchPath: String {
        switch self {
        case .registry: "/tibs.registry.v1.SmeRegistry/WatchChanges"
        case .catalogue: "/tibs.catalogue.v1.ResourceCatalogue/WatchChanges"
        case .policy: "/tibs.policy.v1.PolicyInfluence/WatchChanges"
        }
    }

    /// The feed's entity types the replica applies (others are not asked for).
    public var entityTypes: [String] {
        switch self {
        case .registry: ["sme", "need", "offer", "broker"]
        case .catalogue: ["provider", "resource"]
        case .policy: ["strategy"]
        }
    }
}
