/// Where a match stands in its walk from proposal to outcome (docs/match.md, lifecycle diagram).
/// Raw values are the wire's `MatchState` numbers and what the store keeps.
public enum MatchState: Int, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case proposed = 1
    case shortlisted = 2
    /// Requires and records the SME's consent; identities are disclosed from here on.
    case introduced = 3
    case inDiscussion = 4
    case agreement = 5
    case closedWithoutAgreement = 6
    case declined = 7

    /// The states one step may reach from this one; empty for the final states.
    public var next: Set<MatchState> {
        switch self {
        case .proposed: [.shortlisted, .declined]
        case .shortlisted: [.introduced, .declined]
        case .introduced: [.inDiscussion, .closedWithoutAgreement, .declined]
        case .inDiscussion: [.agreement, .closedWithoutAgreement]
        case .agreement, .closedWithoutAgreement, .declined: []
        }
    }

    public var isFinal: Bool { next.isEmpty }

    public func canAdvance(to state: MatchState) -> Bool { next.contains(state) }

    public var description: String {
        switch self {
        case .proposed: "proposed"
        case .shortlisted: "shortlisted"
        case .introduced: "introduced"
        case .inDiscussion: "in discussion"
        case .agreement: "agreement"
        case .closedWithoutAgreement: "closed without agreement"
        case .declined: "declined"
        }
    }
}
