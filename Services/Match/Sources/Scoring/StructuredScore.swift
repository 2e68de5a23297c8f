import TIBSDomain

/// The score parts other than text relevance, each in 0...1 (docs/match.md has the table).
public enum StructuredScore {
    /// |need areas ∩ candidate areas| / |need areas|: how much of what the need is about the
    /// candidate covers; 0 when the need names no S3 area.
    public static func s3Overlap(need: [String], candidate: [String]) -> Double {
        let wanted = Set(need)
        guard !wanted.isEmpty else { return 0 }
        return Double(wanted.intersection(candidate).count) / Double(wanted.count)
    }

    /// 1 when the candidate is in another country than the SME: the mission is internationalisation.
    public static func crossBorder(need: NeedProfile, candidate: CandidateProfile) -> Double {
        candidate.country != need.country ? 1 : 0
    }

    /// The mean of two alignments with regional strategies in force on the day: the candidate's
    /// S3 areas in its own region's priorities, and the need's S3 areas in the SME's region's
    /// priorities (each the mean weight, clamped to 0...1, an area not prioritised counting 0).
    /// A side without areas or without a known strategy counts 0.
    public static func s3Priority(need: NeedProfile, candidate: CandidateProfile, candidateRegion: RegionPriorities?,
                                  smeRegion: RegionPriorities?) -> Double {
        (alignment(Set(candidate.s3Areas), candidateRegion) + alignment(Set(need.s3Areas), smeRegion)) / 2
    }

    private static func alignment(_ areas: Set<String>, _ priorities: RegionPriorities?) -> Double {
        guard let priorities, !areas.isEmpty else { return 0 }
        let total = areas.reduce(0.0) { $0 + min(1, max(0, priorities.weights[$1] ?? 0)) }
        return total / Double(areas.count)
    }

    /// TRL fit: the need's TRL within the candidate's range → 1, else 1 − 0.25 per level outside
    /// (floored at 0); nil (not applicable) when the need has no TRL or the candidate none.
    public static func trlFit(need: NeedProfile, candidate: CandidateProfile) -> Double? {
        guard need.trl > 0, let low = candidate.trlMin ?? candidate.trlMax, let high = candidate.trlMax ?? candidate.trlMin else {
            return nil
        }
        let distance = need.trl < low ? low - need.trl : (need.trl > high ? need.trl - high : 0)
        return max(0, 1 - 0.25 * Double(distance))
    }

    /// Stage fit, partner offers only: an SME learns abroad from one further along, so
    /// 0.5 + 0.25 × (offering SME's stage − need SME's stage), clamped to 0...1; nil (not
    /// applicable) for resources and programmes or when either stage is unknown (0).
    public static func stageFit(need: NeedProfile, candidate: CandidateProfile) -> Double? {
        guard candidate.kind == .partnerOffer, need.smeStage > 0, candidate.ownerStage > 0 else { return nil }
        return min(1, max(0, 0.5 + 0.25 * Double(candidate.ownerStage - need.smeStage)))
    }

    /// The mean of the applicable TRL and stage fits; 0.5 (neutral) when neither applies.
    public static func trlStageFit(need: NeedProfile, candidate: CandidateProfile) -> Double {
        let fits = [trlFit(need: need, candidate: candidate), stageFit(need: need, candidate: candidate)].compactMap { $0 }
        return fits.isEmpty ? 0.5 : fits.reduce(0, +) / Double(fits.count)
    }

    /// How openly available the (already admitted) candidate is to this SME:
    /// 0.8 × openness + 0.2 × (capacity stated ? 1 : 0), openness being 1 for a transnational
    /// candidate that names the SME's country among its eligible ones, 0.8 for one open to all,
    /// 0.6 for a national one and 0.4 for a regional one. A closed programme window excludes the
    /// candidate instead (``CandidateRules``).
    public static func availability(need: NeedProfile, candidate: CandidateProfile) -> Double {
        let openness: Double
        switch candidate.access {
        case .transnational: openness = candidate.eligibleCountries.contains(need.country) ? 1 : 0.8
        case .national: openness = 0.6
        case .regional: openness = 0.4
        }
        return 0.8 * openness + 0.2 * (candidate.capacityStated ? 1 : 0)
    }

    /// Every part of an admitted candidate, given its text relevance and the two regions'
    /// priorities in force, and the weighted total.
    public static func parts(need: NeedProfile, candidate: CandidateProfile, textRelevance: Double,
                             candidateRegion: RegionPriorities?, smeRegion: RegionPriorities?, weights: ScoreWeights) -> ScoreParts {
        var parts = ScoreParts()
        parts.textRelevance = textRelevance
        parts.s3Overlap = s3Overlap(need: need.s3Areas, candidate: candidate.s3Areas)
        parts.naceFit = NACEProximity.fit(need: need.naceCodes, candidate: candidate.naceCodes)
        parts.crossBorder = crossBorder(need: need, candidate: candidate)
        parts.s3Priority = s3Priority(need: need, candidate: candidate, candidateRegion: candidateRegion, smeRegion: smeRegion)
        parts.trlStageFit = trlStageFit(need: need, candidate: candidate)
        parts.availability = availability(need: need, candidate: candidate)
        parts.total = total(parts, weights)
        return parts
    }

    /// Σ weight × part.
    public static func total(_ parts: ScoreParts, _ weights: ScoreWeights) -> Double {
        weights.textRelevance * parts.textRelevance + weights.s3Overlap * parts.s3Overlap + weights.naceFit * parts.naceFit
            + weights.crossBorder * parts.crossBorder + weights.s3Priority * parts.s3Priority
            + weights.trlStageFit * parts.trlStageFit + weights.availability * parts.availability
    }
}
