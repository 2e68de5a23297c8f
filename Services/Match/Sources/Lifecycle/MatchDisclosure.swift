import TIBSIdentity
import TIBSServiceApp

/// Who sees whom before an introduction. An SME's identity is shown to admins and to the brokers
/// whose scope covers its region; brokers of the other side see it once the match was introduced
/// (the SME consented). Analysts and integrators always get teasers: they count matches, they do
/// not broker them. The same rule hides a partner offer's owning SME from need-side brokers.
public enum MatchDisclosure {
    public static func view(_ match: MatchRecord, for principal: Principal) -> MatchView {
        MatchView(match: match,
                  hidesSME: hides(match.needRegion.nutsCode, otherSide: match.candidate.region.nutsCode, match, principal),
                  hidesOwner: match.candidate.kind == .partnerOffer
                      && hides(match.candidate.region.nutsCode, otherSide: match.needRegion.nutsCode, match, principal))
    }

    /// The whole match, nothing hidden (the feed's payload and the store's record).
    public static func full(_ match: MatchRecord) -> MatchView {
        MatchView(match: match, hidesSME: false, hidesOwner: false)
    }

    private static func hides(_ ownRegion: String, otherSide: String, _ match: MatchRecord, _ principal: Principal) -> Bool {
        if RegionAccess.maySeePersonalData(of: ownRegion, principal) { return false }
        let brokerOfOtherSide = principal.role == .broker && principal.isInScope(region: otherSide)
        return !(brokerOfOtherSide && match.wasIntroduced)
    }
}
