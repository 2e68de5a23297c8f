/// Technology readiness level, 1–9, as defined by the European Commission for Horizon
/// 2020 (General Annex G) and kept unchanged in Horizon Europe.
///
/// Needs, offers and technology resources carry a TRL; the match service compares them
/// ("TRL and stage fit"). Stored and sent on the wire as the integer ``rawValue``.
public enum TRL: Int, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case basicPrinciples = 1
    case conceptFormulated = 2
    case proofOfConcept = 3
    case validatedInLab = 4
    case validatedInRelevantEnvironment = 5
    case demonstratedInRelevantEnvironment = 6
    case prototypeInOperationalEnvironment = 7
    case systemCompleteAndQualified = 8
    case provenInOperationalEnvironment = 9

    /// The version of the definitions: "H2020-G" (Horizon 2020 General Annex G).
    public static let version = "H2020-G"

    /// The level for an integer, or nil outside 1–9.
    public init?(level: Int) {
        self.init(rawValue: level)
    }

    /// The level as an integer, 1–9.
    public var level: Int { rawValue }

    /// The short label of the EU definition, e.g. "technology validated in lab".
    public var label: String {
        switch self {
        case .basicPrinciples: "basic principles observed"
        case .conceptFormulated: "technology concept formulated"
        case .proofOfConcept: "experimental proof of concept"
        case .validatedInLab: "technology validated in lab"
        case .validatedInRelevantEnvironment: "technology validated in relevant environment"
        case .demonstratedInRelevantEnvironment: "technology demonstrated in relevant environment"
        case .prototypeInOperationalEnvironment: "system prototype demonstration in operational environment"
        case .systemCompleteAndQualified: "system complete and qualified"
        case .provenInOperationalEnvironment: "actual system proven in operational environment"
        }
    }

    /// `TRL 4: technology validated in lab`.
    public var description: String { "TRL \(rawValue): \(label)" }

    public static func < (lhs: TRL, rhs: TRL) -> Bool { lhs.rawValue < rhs.rawValue }
}
