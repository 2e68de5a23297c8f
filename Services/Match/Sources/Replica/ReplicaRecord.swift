import TIBSProto

/// One followed entity as its upstream sent it: what the replica stores (its bytes) and what the
/// in-memory state absorbs, the same way whether it comes from the feed or from the database.
enum ReplicaRecord: Sendable {
    case sme(Tibs_Registry_V1_Sme)
    case need(Tibs_Registry_V1_Need)
    case offer(Tibs_Registry_V1_Offer)
    case broker(Tibs_Registry_V1_Broker)
    case provider(Tibs_Catalogue_V1_Provider)
    case resource(Tibs_Catalogue_V1_Resource)
    /// `setOrder`: the policy feed's sequence of the version, which orders versions set on the same day.
    case strategy(Tibs_Policy_V1_RegionalStrategy, setOrder: Int64)

    var table: ReplicaTable {
        switch self {
        case .sme: .smes
        case .need: .needs
        case .offer: .offers
        case .broker: .brokers
        case .provider: .providers
        case .resource: .resources
        case .strategy: .strategies
        }
    }

    var id: String {
        switch self {
        case .sme(let sme): sme.id
        case .need(let need): need.id
        case .offer(let offer): offer.id
        case .broker(let broker): broker.id
        case .provider(let provider): provider.id
        case .resource(let resource): resource.id
        case .strategy(let strategy, _): strategy.id
        }
    }
}
