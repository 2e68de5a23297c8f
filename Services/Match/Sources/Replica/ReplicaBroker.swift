/// A broker registered in a followed registry: who the lifecycle asks to act for a region.
struct ReplicaBroker: Sendable, Hashable {
    var subject: String
    /// NUTS codes it serves (any level; sub-regions included).
    var regions: [String]

    func serves(_ nuts: String) -> Bool {
        let code = nuts.uppercased()
        return regions.contains { code.hasPrefix($0.uppercased()) }
    }
}
