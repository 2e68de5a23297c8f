/// The words `policy action advance --to` and `list --status` take for the ActionStatus values:
/// the walk of docs/policy.md, hyphenated (or the proto names). Anything else is refused with the list, before a call.
enum ActionStep: String, EnumWord {
    case submitted
    case acknowledged
    case underConsideration = "under-consideration"
    case adopted
    case partlyAdopted = "partly-adopted"
    case rejected
    case noResponse = "no-response"

    /// The steps an action can be advanced to (every status but the submission itself).
    static let targets = allCases.filter { $0 != .submitted }

    static let protoPrefix = "ACTION_STATUS_"
}
