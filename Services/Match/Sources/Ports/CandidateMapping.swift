import Foundation
import TIBSDomain
import TIBSIdentity
import TIBSProto
import TIBSServiceApp
import TIBSServiceKit

/// The replica's answers in their wire form: candidates with their score parts and the owner
/// as the caller may see it (a partner SME of a region outside the caller's scope is a teaser).
public enum CandidateMapping {
    static let kinds = EnumMapping<Tibs_Match_V1_CandidateKind, CandidateKind>([
        (.resource, .resource), (.supportProgramme, .supportProgramme), (.partnerOffer, .partnerOffer),
    ])

    public static func kind(_ kind: CandidateKind) -> Tibs_Match_V1_CandidateKind { kinds.proto(kind, otherwise: .unspecified) }

    public static func proto(_ parts: ScoreParts) -> Tibs_Match_V1_ScoreParts {
        .with {
            $0.textRelevance = parts.textRelevance
            $0.s3Overlap = parts.s3Overlap
            $0.naceFit = parts.naceFit
            $0.crossBorder = parts.crossBorder
            $0.s3Priority = parts.s3Priority
            $0.trlStageFit = parts.trlStageFit
            $0.availability = parts.availability
            $0.total = parts.total
        }
    }

    public static func region(country: String, nuts: String) -> Tibs_Common_V1_RegionRef {
        CommonMapping.proto(RegionRef(country: country, nutsCode: nuts, nutsVersion: "2021"))
    }

    /// The owner shown to `principal`: a provider's name always; a partner SME's legal name to
    /// admins and to brokers whose scope covers its region, its teaser to everyone else.
    public static func owner(_ candidate: CandidateProfile, replica: MatchReplica, principal: Principal) -> String {
        guard candidate.kind == .partnerOffer, !RegionAccess.maySeePersonalData(of: candidate.nuts, principal) else { return candidate.ownerName }
        return replica.teaser(sme: candidate.ownerID) ?? "an SME in \(candidate.nuts)"
    }

    /// `rank` is 1-based.
    public static func proto(_ scored: ScoredCandidate, rank: Int, owner: String) -> Tibs_Match_V1_Candidate {
        .with {
            $0.id = scored.candidate.id.description
            $0.kind = kind(scored.candidate.kind)
            $0.title = scored.candidate.text.title
            $0.owner = owner
            $0.region = region(country: scored.candidate.country, nuts: scored.candidate.nuts)
            $0.score = proto(scored.parts)
            $0.matchedTerms = scored.matchedTerms
            $0.rank = UInt32(clamping: rank)
            $0.upstream = scored.candidate.id.upstream
        }
    }

    public static func proto(_ matches: NeedMatches, replica: MatchReplica, principal: Principal) -> Tibs_Match_V1_NeedMatches {
        .with {
            $0.needID = matches.need.id.description
            $0.needTitle = matches.need.text.title
            $0.smeID = matches.need.smeID.description
            $0.region = region(country: matches.need.country, nuts: matches.need.nuts)
            $0.candidates = matches.candidates.enumerated().map { position, scored in
                proto(scored, rank: position + 1, owner: owner(scored.candidate, replica: replica, principal: principal))
            }
        }
    }

    public static func proto(_ alert: CandidateAlert, replica: MatchReplica, principal: Principal) -> Tibs_Match_V1_CandidateAlert {
        .with {
            $0.needID = alert.need.id.description
            $0.needTitle = alert.need.text.title
            $0.candidate = proto(alert.scored, rank: alert.rank, owner: owner(alert.scored.candidate, replica: replica, principal: principal))
            $0.detectedAt = CommonMapping.timestamp(alert.detectedAt)
            $0.upstreamSequence = UInt64(max(0, alert.upstreamSequence))
        }
    }

    public static func proto(_ duplicate: LikelyDuplicate) -> Tibs_Match_V1_LikelyDuplicate {
        .with {
            $0.reason = duplicate.reason == .sameRegistrationID ? .sameRegistrationID : .sameName
            $0.country = duplicate.country
            $0.key = duplicate.key
            $0.entries = duplicate.entries.map { entry in
                .with {
                    $0.smeID = entry.smeID.description
                    $0.upstream = entry.smeID.upstream
                    $0.legalName = entry.legalName
                    $0.region = region(country: entry.country, nuts: entry.nuts)
                }
            }
        }
    }
}
