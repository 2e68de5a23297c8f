/// The replica's tables, one per followed entity type (``ReplicaMigrations``).
enum ReplicaTable: String, Sendable, CaseIterable {
    case smes = "replica_smes"
    case needs = "replica_needs"
    case offers = "replica_offers"
    case brokers = "replica_brokers"
    case providers = "replica_providers"
    case resources = "replica_resources"
    case strategies = "replica_strategies"
}
