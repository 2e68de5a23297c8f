import TIBSProto

/// The words `match find --kinds` takes for the CandidateKind values. Anything else is refused with
/// the list, before a call.
enum CandidateKindWord: String, CaseIterable, Sendable {
    case resource
    case programme
    case partner

    /// Longer spellings people type, for the same kinds.
    static let aliases: [String: CandidateKindWord] = [
        "resources": .resource, "support-programme": .programme, "programmes": .programme, "program": .programme,
        "partner-offer": .partner, "partners": .partner, "offer": .partner,
    ]

    var enumName: String {
        switch self {
        case .resource: "CANDIDATE_KIND_RESOURCE"
        case .programme: "CANDIDATE_KIND_SUPPORT_PROGRAMME"
        case .partner: "CANDIDATE_KIND_PARTNER_OFFER"
        }
    }

    /// The word for a kind in an answer; "-" for one this tibsctl does not know.
    static func word(_ kind: Tibs_Match_V1_CandidateKind) -> String {
        switch kind {
        case .resource: CandidateKindWord.resource.rawValue
        case .supportProgramme: CandidateKindWord.programme.rawValue
        case .partnerOffer: CandidateKindWord.partner.rawValue
        default: "-"
        }
    }

    /// The kinds of a comma-separated list ("resource,partner", or proto names), each once, in the order given.
    static func parseList(_ text: String?, flag: String) throws(CLIFailure) -> [CandidateKindWord] {
        var kinds: [CandidateKindWord] = []
        for item in splitList(text) {
            let wanted = item.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
            let protoNamed = allCases.first { $0.enumName.lowercased().replacingOccurrences(of: "_", with: "-") == wanted }
            guard let kind = CandidateKindWord(rawValue: wanted) ?? aliases[wanted] ?? protoNamed else {
                throw CLIFailure.usage("\(flag): '\(TerminalText.escape(item))' is not one of \(allCases.map(\.rawValue).joined(separator: ", "))"
                                       + " (or the proto names, \(CandidateKindWord.resource.enumName), …; any case)")
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }
}
