import TIBSServiceApp

extension MatchReplica {
    /// ListLikelyDuplicates: groups of SMEs from at least two registries with the same country
    /// and registration id, or the same normalised legal name in the same country; `country`
    /// empty: every country. Paged in (reason, country, key) order.
    public func likelyDuplicates(country: String, page: PageRequest) -> Page<LikelyDuplicate> {
        Paging.slice(Self.duplicates(Array(snapshot.smes.values), country: country), id: \.listingKey, page: page)
    }

    static func duplicates(_ smes: [ReplicaSME], country: String) -> [LikelyDuplicate] {
        var byRegistration: [String: [ReplicaSME]] = [:], byName: [String: [ReplicaSME]] = [:]
        for sme in smes where country.isEmpty || sme.country == country {
            let registration = LegalName.registrationKey(sme.registrationID), name = LegalName.normalise(sme.legalName)
            if !registration.isEmpty { byRegistration["\(sme.country)|\(registration)", default: []].append(sme) }
            if !name.isEmpty { byName["\(sme.country)|\(name)", default: []].append(sme) }
        }
        func groups(_ map: [String: [ReplicaSME]], _ reason: LikelyDuplicate.Reason) -> [LikelyDuplicate] {
            map.compactMap { key, members in
                guard Set(members.map(\.id.upstream)).count >= 2, let bar = key.firstIndex(of: "|") else { return nil }
                let entries = members.sorted { $0.id < $1.id }.map {
                    LikelyDuplicate.Entry(smeID: $0.id, legalName: $0.legalName, country: $0.country, nuts: $0.nuts)
                }
                return LikelyDuplicate(reason: reason, country: String(key[..<bar]), key: String(key[key.index(after: bar)...]), entries: entries)
            }
        }
        return groups(byRegistration, .sameRegistrationID) + groups(byName, .sameName)
    }
}
