import TIBSIdentity
import TIBSServiceApp

/// Who may act on a match and for which side: admins (and services) for either, a broker for
/// the side(s) whose region its scope covers; everyone else is refused.
public enum MatchActor {
    /// The side `principal` acts for: the awaited side when it may act for it, else the side it
    /// covers (the need side first). PERMISSION_DENIED when it covers neither.
    public static func side(of principal: Principal, needRegion: String, candidateRegion: String,
                            awaiting: MatchSide?) throws(ServiceError) -> MatchSide {
        var sides: [MatchSide] = []
        if RegionAccess.writeRefusal(needRegion, by: principal) == nil { sides.append(.need) }
        if RegionAccess.writeRefusal(candidateRegion, by: principal) == nil { sides.append(.candidate) }
        guard let first = sides.first else {
            throw .permissionDenied("\(principal.role.rawValue) '\(principal.subject)' may not act on a match between regions "
                                    + "\(needRegion) and \(candidateRegion)")
        }
        if let awaiting, sides.contains(awaiting) { return awaiting }
        return first
    }
}
