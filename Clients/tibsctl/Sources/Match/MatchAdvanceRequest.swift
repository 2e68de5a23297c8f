/// What `match advance` asks for, checked without a server: a state the lifecycle can move to, and
/// the SME's consent exactly when the step is the introduction (docs/match.md, disclosure).
struct MatchAdvanceRequest: Sendable, Equatable {
    var id: String
    var to: MatchStateWord
    var expectedVersion: UInt64
    var note: String?
    var consentBy: String?
    var consentOn: String?

    static func make(id: String, to: String, expectedVersion: UInt64, note: String?, consentBy: String?,
                     consentOn: String?) throws(CLIFailure) -> MatchAdvanceRequest {
        let state = try MatchStateWord.parse(to, flag: "--to", among: MatchStateWord.targets)
        if state == .introduced {
            guard let consentBy, !consentBy.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CLIFailure.usage("--to introduced needs the SME's consent: --consent-by NAME-OR-ROLE [--consent-on YYYY-MM-DD]")
            }
        } else if consentBy != nil || consentOn != nil {
            throw CLIFailure.usage("--consent-by and --consent-on belong to --to introduced only")
        }
        return MatchAdvanceRequest(id: try MatchInput.id(id, what: "the match id"), to: state, expectedVersion: expectedVersion, note: note,
                                   consentBy: consentBy,
                                   consentOn: try consentOn.map { date throws(CLIFailure) in try MatchInput.date(date, flag: "--consent-on") })
    }

    /// The AdvanceMatch request; the consent's day defaults to `today` (YYYY-MM-DD).
    func json(today: String) -> JSONValue {
        object([
            ("id", .string(id)), ("expectedVersion", .string(String(expectedVersion))), ("to", .string(to.enumName)),
            ("note", note.map(JSONValue.string)),
            ("consent", consentBy.map { by in object([("givenBy", .string(by)), ("givenOn", .string(consentOn ?? today))]) }),
        ])
    }
}
