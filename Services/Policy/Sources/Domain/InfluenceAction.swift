import TIBSDomain

/// An influence action on a policy issue: what was sent to which institution, and its walk.
public struct InfluenceAction: Sendable, Hashable {
    public var id: String
    public var issueID: String
    public var fields: InfluenceActionFields
    public var status: ActionStatus
    /// Oldest first, starting with the submission.
    public var history: [ActionTransition]
    public var version: Int64

    public init(id: String, issueID: String, fields: InfluenceActionFields, status: ActionStatus, history: [ActionTransition], version: Int64) {
        self.id = id
        self.issueID = issueID
        self.fields = fields
        self.status = status
        self.history = history
        self.version = version
    }

    /// The day of the institution's first answer: the first step after SUBMITTED that is not NO_RESPONSE
    /// (recording that no answer came is not an answer), if any.
    public var firstResponseOn: CalendarDate? { history.first { $0.from != nil && $0.to != .noResponse }?.onDate }

    /// The last day an answer is in time: submitted_on + `afterDays`.
    public func answerDue(afterDays: Int) -> CalendarDate { fields.submittedOn.adding(days: afterDays) }

    /// Overdue: not final, the answer window (``answerDue(afterDays:)``) has passed on `today`, and
    /// no step after SUBMITTED came within it (docs/policy.md).
    public func isOverdue(today: CalendarDate, afterDays: Int) -> Bool {
        let due = answerDue(afterDays: afterDays)
        guard !status.isFinal, today > due else { return false }
        return firstResponseOn.map { $0 > due } ?? true
    }
}
