/// Where an influence action stands, and the walk between the states (docs/policy.md):
///
///     submitted → acknowledged → under consideration → adopted | partly adopted | rejected
///     submitted, acknowledged, under consideration → no response
///
/// Adopted, partly adopted, rejected and no response are final: nothing follows them. No step
/// skips ahead (submitted → under consideration is refused) or goes back. Raw values are the
/// proto numbers and the `status` column.
public enum ActionStatus: Int, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case submitted = 1, acknowledged = 2, underConsideration = 3, adopted = 4, partlyAdopted = 5, rejected = 6, noResponse = 7

    /// No step follows a final state.
    public var isFinal: Bool { ActionStatus.finals.contains(self) }

    public static let finals: Set<ActionStatus> = [.adopted, .partlyAdopted, .rejected, .noResponse]

    /// The states one step may lead to.
    public var next: Set<ActionStatus> {
        switch self {
        case .submitted: [.acknowledged, .noResponse]
        case .acknowledged: [.underConsideration, .noResponse]
        case .underConsideration: [.adopted, .partlyAdopted, .rejected, .noResponse]
        case .adopted, .partlyAdopted, .rejected, .noResponse: []
        }
    }

    /// True when one step may go from `self` to `to`.
    public func canAdvance(to: ActionStatus) -> Bool { next.contains(to) }

    /// The proto name without prefix, for messages: `UNDER_CONSIDERATION`.
    public var description: String {
        switch self {
        case .submitted: "SUBMITTED"
        case .acknowledged: "ACKNOWLEDGED"
        case .underConsideration: "UNDER_CONSIDERATION"
        case .adopted: "ADOPTED"
        case .partlyAdopted: "PARTLY_ADOPTED"
        case .rejected: "REJECTED"
        case .noResponse: "NO_RESPONSE"
        }
    }
}
