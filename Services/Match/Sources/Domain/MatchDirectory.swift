import TIBSDomain

/// What the match lifecycle reads from the replica: the replica (`MatchReplica`) implements it;
/// lifecycle tests implement it over fixed data.
public protocol MatchDirectory: Sendable {
    /// The proposal for `needID` (qualified "<upstream>/<id>" or a bare id) and `candidateID`
    /// (qualified, as FindMatches answered it), scored on `date`. Throws `ServiceError.notFound`
    /// for an unknown need or candidate, `.failedPrecondition` for a closed need or a candidate
    /// no longer matchable, `ValidationErrors` for a malformed id (field `need_id` / `candidate_id`).
    func proposal(needID: String, candidateID: String, on date: CalendarDate) throws -> Proposal

    /// Subjects of the registered brokers (from the followed registries) serving `nuts` or a
    /// region enclosing it, sorted.
    func brokers(serving nuts: String) -> [String]
}
