import TIBSDomain
import TIBSProto

/// Everything the replica keeps in memory, derived from the followed records only: the records
/// themselves, the index of matchable candidates and the need profiles. ``absorb(_:upstream:)``
/// is the one way in, for the rows loaded from the database and for the feed's events alike,
/// and the derived parts depend only on the current records (not on their order), so a rebuilt
/// state equals the one kept current.
struct ReplicaState: Sendable {
    var index = MatchIndex()
    private(set) var smes: [QualifiedID: ReplicaSME] = [:]
    /// Every need whose SME is known, open or not (only open ones are matched).
    private(set) var needs: [QualifiedID: NeedProfile] = [:]
    private(set) var strategies = StrategyBook()
    private(set) var brokers: [QualifiedID: ReplicaBroker] = [:]
    /// The records of followed candidates that are not matchable now (retired, withdrawn):
    /// a proposal for one is FAILED_PRECONDITION, not NOT_FOUND.
    private(set) var unmatchable: Set<QualifiedID> = []

    private var needRecords: [QualifiedID: Tibs_Registry_V1_Need] = [:]
    private var offerRecords: [QualifiedID: Tibs_Registry_V1_Offer] = [:]
    private var postingsBySME: [QualifiedID: Set<QualifiedID>] = [:]
    private var providerNames: [QualifiedID: String] = [:]
    private var resourceRecords: [QualifiedID: Tibs_Catalogue_V1_Resource] = [:]
    private var resourcesByProvider: [QualifiedID: Set<QualifiedID>] = [:]

    /// Applies one change of `upstream` and re-derives what depends on it.
    @discardableResult
    mutating func absorb(_ change: ReplicaChange, upstream: String) -> ReplicaDelta {
        let id = QualifiedID(upstream: upstream, id: change.id)
        var delta = ReplicaDelta()
        switch change {
        case .upsert(.sme(let sme)):
            smes[id] = ProfileMapping.sme(sme, upstream: upstream)
            for posting in postingsBySME[id] ?? [] { derivePosting(posting, &delta) }
        case .remove(.smes, _):
            smes[id] = nil
            for posting in postingsBySME[id] ?? [] { derivePosting(posting, &delta) }
        case .upsert(.need(let need)):
            replacePosting(id, sme: QualifiedID(upstream: upstream, id: need.smeID))
            needRecords[id] = need
            offerRecords[id] = nil
            derivePosting(id, &delta)
        case .upsert(.offer(let offer)):
            replacePosting(id, sme: QualifiedID(upstream: upstream, id: offer.smeID))
            offerRecords[id] = offer
            needRecords[id] = nil
            derivePosting(id, &delta)
        case .remove(.needs, _), .remove(.offers, _):
            replacePosting(id, sme: nil)
            needRecords[id] = nil
            offerRecords[id] = nil
            derivePosting(id, &delta)
        case .upsert(.broker(let broker)):
            brokers[id] = ProfileMapping.broker(broker)
        case .remove(.brokers, _):
            brokers[id] = nil
        case .upsert(.provider(let provider)):
            providerNames[id] = provider.fields.name
            for resource in resourcesByProvider[id] ?? [] { deriveResource(resource, &delta) }
        case .remove(.providers, _):
            providerNames[id] = nil
            for resource in resourcesByProvider[id] ?? [] { deriveResource(resource, &delta) }
        case .upsert(.resource(let resource)):
            if let old = resourceRecords[id] { resourcesByProvider[QualifiedID(upstream: upstream, id: old.providerID)]?.remove(id) }
            resourceRecords[id] = resource
            resourcesByProvider[QualifiedID(upstream: upstream, id: resource.providerID), default: []].insert(id)
            deriveResource(id, &delta)
        case .remove(.resources, _):
            if let old = resourceRecords.removeValue(forKey: id) {
                resourcesByProvider[QualifiedID(upstream: upstream, id: old.providerID)]?.remove(id)
            }
            deriveResource(id, &delta)
        case .upsert(.strategy(let strategy, let setOrder)):
            strategies.set(strategy, upstream: upstream, setOrder: setOrder)
        case .remove(.strategies, _):
            strategies.remove(id)
        }
        return delta
    }

    /// Removes every record of `upstream` (a resync after it was restored) as its deletes would,
    /// owned records before their owners, so what is derived from other upstreams stays as it is.
    mutating func drop(upstream: String) {
        func ids(_ keys: some Collection<QualifiedID>) -> [String] { keys.filter { $0.upstream == upstream }.map(\.id).sorted() }
        var removals: [ReplicaChange] = []
        removals += ids(needRecords.keys).map { .remove(.needs, id: $0) }
        removals += ids(offerRecords.keys).map { .remove(.offers, id: $0) }
        removals += ids(resourceRecords.keys).map { .remove(.resources, id: $0) }
        removals += ids(brokers.keys).map { .remove(.brokers, id: $0) }
        removals += ids(strategies.ids).map { .remove(.strategies, id: $0) }
        removals += ids(smes.keys).map { .remove(.smes, id: $0) }
        removals += ids(providerNames.keys).map { .remove(.providers, id: $0) }
        for change in removals { absorb(change, upstream: upstream) }
    }

    /// Moves posting `id` to `sme`'s set (nil: out of every set).
    private mutating func replacePosting(_ id: QualifiedID, sme: QualifiedID?) {
        let old = needRecords[id].map { QualifiedID(upstream: id.upstream, id: $0.smeID) }
            ?? offerRecords[id].map { QualifiedID(upstream: id.upstream, id: $0.smeID) }
        if let old { postingsBySME[old]?.remove(id) }
        if let sme { postingsBySME[sme, default: []].insert(id) }
    }

    /// The need profile or the offer candidate of posting `id` from its record and its SME.
    private mutating func derivePosting(_ id: QualifiedID, _ delta: inout ReplicaDelta) {
        if let need = needRecords[id], let sme = smes[QualifiedID(upstream: id.upstream, id: need.smeID)] {
            let profile = ProfileMapping.need(need, upstream: id.upstream, sme: sme)
            if needs[id] != profile { delta.needs.insert(id) }
            needs[id] = profile
        } else {
            needs[id] = nil
        }
        let offer = offerRecords[id]
        let candidate = offer.flatMap { offer in
            smes[QualifiedID(upstream: id.upstream, id: offer.smeID)].flatMap { ProfileMapping.offer(offer, upstream: id.upstream, sme: $0) }
        }
        setCandidate(id, candidate, known: offer != nil, &delta)
    }

    private mutating func deriveResource(_ id: QualifiedID, _ delta: inout ReplicaDelta) {
        let resource = resourceRecords[id]
        let candidate = resource.flatMap { resource in
            ProfileMapping.resource(resource, upstream: id.upstream,
                                    providerName: providerNames[QualifiedID(upstream: id.upstream, id: resource.providerID)] ?? "")
        }
        setCandidate(id, candidate, known: resource != nil, &delta)
    }

    private mutating func setCandidate(_ id: QualifiedID, _ candidate: CandidateProfile?, known: Bool, _ delta: inout ReplicaDelta) {
        if let candidate {
            if index.candidate(id) != candidate { delta.candidates.insert(id) }
            index.upsert(candidate)
        } else if index.candidate(id) != nil {
            index.remove(id)
            delta.candidates.insert(id)
        }
        if known && candidate == nil { unmatchable.insert(id) } else { unmatchable.remove(id) }
    }

    /// Priorities in force, as scoring asks for them.
    var priorityLookup: PriorityLookup {
        let strategies = self.strategies
        return { nuts, date in strategies.priorities(nuts, on: date) }
    }

    /// The open needs of `sme`, by id.
    func openNeeds(of sme: QualifiedID) -> [NeedProfile] {
        (postingsBySME[sme] ?? []).compactMap { needs[$0] }.filter(\.isOpen).sorted { $0.id < $1.id }
    }
}
