import TIBSProto

/// The words `match advance --to` and `match list --state` take for the MatchState values: the
/// lifecycle of docs/match.md, hyphenated. Anything else is refused with the list, before a call.
enum MatchStateWord: String, EnumWord {
    case proposed
    case shortlisted
    case introduced
    case inDiscussion = "in-discussion"
    case agreement
    case closedWithoutAgreement = "closed-without-agreement"
    case declined

    /// The states a match can be advanced to (every state but the proposal itself).
    static let targets = allCases.filter { $0 != .proposed }

    static let protoPrefix = "MATCH_STATE_"

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
}
