import TIBSDomain

/// The rules that keep a candidate out of a need's answers altogether (it never appears, whatever
/// its score): the need's own SME, the access rule, a programme window closed on the day, and the
/// request's filters. A closed need has no answers at all (``MatchIndex/rank(_:filters:weights:priorities:)``).
public enum CandidateRules {
    /// The candidate may be used by the need's SME: regional → one NUTS code is a prefix of the
    /// other (the same region); national → the same country; transnational → no eligible
    /// countries listed, or the SME's among them.
    public static func isAccessible(_ candidate: CandidateProfile, to need: NeedProfile) -> Bool {
        switch candidate.access {
        case .regional:
            return !candidate.nuts.isEmpty && !need.nuts.isEmpty
                && (need.nuts.hasPrefix(candidate.nuts) || candidate.nuts.hasPrefix(need.nuts))
        case .national:
            return candidate.country == need.country
        case .transnational:
            return candidate.eligibleCountries.isEmpty || candidate.eligibleCountries.contains(need.country)
        }
    }

    /// The window is open on `date` (bounds inclusive; a missing bound does not limit).
    public static func isWindowOpen(_ candidate: CandidateProfile, on date: CalendarDate) -> Bool {
        if let opensOn = candidate.opensOn, opensOn > date { return false }
        if let closesOn = candidate.closesOn, closesOn < date { return false }
        return true
    }

    /// The request's filters: kinds, countries, transnational only (another country than the
    /// SME's), minimum TRL (the candidate's highest TRL reaches it; no TRL fails any minimum).
    public static func passesFilters(_ candidate: CandidateProfile, need: NeedProfile, filters: MatchFilters) -> Bool {
        if !filters.kinds.isEmpty, !filters.kinds.contains(candidate.kind) { return false }
        if !filters.countries.isEmpty, !filters.countries.contains(candidate.country) { return false }
        if filters.transnationalOnly, candidate.country == need.country { return false }
        if filters.minTRL > 0 {
            guard let trlMax = candidate.trlMax, trlMax >= filters.minTRL else { return false }
        }
        return true
    }

    /// The rules that do not depend on the request's filters: not the need's own SME, open to
    /// it, window open on `date`. Text relevance is normalised over the candidates these admit,
    /// so a candidate's score does not change with the filters a caller picks, and one the SME
    /// could never use does not set the scale.
    public static func isReachable(_ candidate: CandidateProfile, for need: NeedProfile, on date: CalendarDate) -> Bool {
        candidate.ownerID != need.smeID && candidate.id != need.id && isAccessible(candidate, to: need) && isWindowOpen(candidate, on: date)
    }

    /// Every rule at once: true when the candidate may appear for the need.
    public static func admits(_ candidate: CandidateProfile, for need: NeedProfile, filters: MatchFilters) -> Bool {
        isReachable(candidate, for: need, on: filters.onDate) && passesFilters(candidate, need: need, filters: filters)
    }
}
