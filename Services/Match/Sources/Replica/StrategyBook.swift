import TIBSDomain
import TIBSProto

/// The regional S3 strategy versions of every followed policy service, answering
/// ``PriorityLookup``: on a date, the version in force for a region is the one with the latest
/// `valid_from` on or before it whose `valid_to` is empty or on or after it (equal `valid_from`:
/// the one set last); the nearest enclosing region with a version in force answers.
struct StrategyBook: Sendable {
    struct Version: Sendable, Hashable {
        var id: QualifiedID
        var region: String
        var validFrom: CalendarDate
        var validTo: CalendarDate?
        var setOrder: Int64
        var weights: [String: Double]
    }

    private var byRegion: [String: [QualifiedID: Version]] = [:]
    private var regionOf: [QualifiedID: String] = [:]

    var count: Int { regionOf.count }

    /// Every version's id.
    var ids: [QualifiedID] { Array(regionOf.keys) }

    /// Keeps a version; one without a readable region or `valid_from` cannot be in force and is left out.
    mutating func set(_ strategy: Tibs_Policy_V1_RegionalStrategy, upstream: String, setOrder: Int64) {
        let id = QualifiedID(upstream: upstream, id: strategy.id)
        remove(id)
        let region = NUTS.normalize(strategy.fields.region)
        guard !region.isEmpty, let from = CalendarDate(strategy.fields.validFrom) else { return }
        var weights: [String: Double] = [:]
        for priority in strategy.fields.priorities { weights[priority.s3Area.code] = min(1, max(0, priority.weight)) }
        byRegion[region, default: [:]][id] = Version(id: id, region: region, validFrom: from, validTo: CalendarDate(strategy.fields.validTo),
                                                     setOrder: setOrder, weights: weights)
        regionOf[id] = region
    }

    mutating func remove(_ id: QualifiedID) {
        guard let region = regionOf.removeValue(forKey: id) else { return }
        byRegion[region]?[id] = nil
        if byRegion[region]?.isEmpty == true { byRegion[region] = nil }
    }

    func inForce(region: String, on date: CalendarDate) -> Version? {
        byRegion[region]?.values
            .filter { $0.validFrom <= date && ($0.validTo.map { $0 >= date } ?? true) }
            .max { ($0.validFrom, $0.setOrder, $0.id) < ($1.validFrom, $1.setOrder, $1.id) }
    }

    func priorities(_ nuts: String, on date: CalendarDate) -> RegionPriorities? {
        var code: String? = NUTS.normalize(nuts)
        while let current = code, !current.isEmpty {
            if let version = inForce(region: current, on: date) { return RegionPriorities(region: current, weights: version.weights) }
            code = NUTS.parentCode(of: current)
        }
        return nil
    }
}
