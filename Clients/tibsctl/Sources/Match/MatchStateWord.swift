import TIBSProto

/// The words `match advance --to` and `match list --state` take for the MatchState values: the
/// lifecycle of docs/match.md, hyphenated. Anything else is refused with the list, before a call.
enum MatchStateWord: String, CaseIterable, Sendable {
    case proposed
    case shortlisted
    case introduced
    case inDiscussion = "in-discussion"
    case agreement
    case closedWithoutAgreement = "closed-without-agreement"
    case declined

    /// The states a match can be advanced to (every state but the proposal itself).
    static let targets = allCases.filter { $0 != .proposed }

    /// "MATCH_STATE_IN_DISCUSSION".
    var enumName: String { "MATCH_STATE_" + rawValue.uppercased().replacingOccurrences(of: "-", with: "_") }

    /// The word for a state in an answer; "-" for unspecified or one this tibsctl does not know.
    static func word(_ state: Tibs_Match_V1_MatchState) -> String {
        switch state {
        case .proposed: Self.proposed.rawValue
        case .shortlisted: Self.shortlisted.rawValue
        case .introduced: Self.introduced.rawValue
        case .inDiscussion: Self.inDiscussion.rawValue
        case .agreement: Self.agreement.rawValue
        case .closedWithoutAgreement: Self.closedWithoutAgreement.rawValue
        case .declined: Self.declined.rawValue
        default: "-"
        }
    }

    /// The state for `word` among `choices` (case-insensitive; "_" or " " for "-" accepted).
    static func parse(_ word: String, flag: String, among choices: [MatchStateWord]) throws(CLIFailure) -> MatchStateWord {
        let wanted = word.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        guard let state = choices.first(where: { $0.rawValue == wanted }) else {
            throw CLIFailure.usage("\(flag): '\(word)' is not one of \(choices.map(\.rawValue).joined(separator: ", "))")
        }
        return state
    }
}
