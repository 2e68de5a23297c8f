/// Method paths of `tibs.match.v1.Matchmaking`.
public enum MatchMethods {
    public static let service = "/tibs.match.v1.Matchmaking/"
    public static let findMatches = service + "FindMatches"
    public static let watchNewCandidates = service + "WatchNewCandidates"
    public static let listLikelyDuplicates = service + "ListLikelyDuplicates"
    public static let proposeMatch = service + "ProposeMatch"
    public static let getMatch = service + "GetMatch"
    public static let advanceMatch = service + "AdvanceMatch"
    public static let recordOutcome = service + "RecordOutcome"
    public static let recordFollowUp = service + "RecordFollowUp"
    public static let listMatches = service + "ListMatches"
    public static let listOverdue = service + "ListOverdue"
    public static let listFollowUpsDue = service + "ListFollowUpsDue"
    public static let getFlowReport = service + "GetFlowReport"
    public static let watchChanges = service + "WatchChanges"
}
