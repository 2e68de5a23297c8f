/// The words `policy action advance --to` and `list --status` take for the ActionStatus values:
/// the walk of docs/policy.md, hyphenated. Anything else is refused with the list, before a call.
enum ActionStep: String, CaseIterable, Sendable {
    case submitted
    case acknowledged
    case underConsideration = "under-consideration"
    case adopted
    case partlyAdopted = "partly-adopted"
    case rejected
    case noResponse = "no-response"

    /// The steps an action can be advanced to (every status but the submission itself).
    static let targets = allCases.filter { $0 != .submitted }

    /// "ACTION_STATUS_UNDER_CONSIDERATION".
    var enumName: String { "ACTION_STATUS_" + rawValue.uppercased().replacingOccurrences(of: "-", with: "_") }

    /// The step for `word` among `choices` (case-insensitive; "_" or " " for "-" accepted).
    static func parse(_ word: String, flag: String, among choices: [ActionStep]) throws(CLIFailure) -> ActionStep {
        let wanted = word.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        guard let step = choices.first(where: { $0.rawValue == wanted }) else {
            throw CLIFailure.usage("\(flag): '\(word)' is not one of \(choices.map(\.rawValue).joined(separator: ", "))")
        }
        return step
    }
}
