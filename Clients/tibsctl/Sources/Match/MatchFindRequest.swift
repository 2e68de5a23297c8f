/// What `match find` asks for, checked: the FindMatches request as JSON, built without a server so
/// the argument rules are testable alone.
struct MatchFindRequest: Sendable, Equatable {
    var id: String
    var kinds: [CandidateKindWord] = []
    var countries: [String] = []
    var transnationalOnly = false
    var minTRL: UInt32?
    var limit: UInt32?
    var onDate: String?

    static let maxLimit: UInt32 = 100

    /// Checks each flag: kinds among the known words, two-letter countries, a TRL of 0...9, a limit
    /// of 1...100 (the service's bound), a real calendar day.
    static func make(id: String, kinds: String?, countries: String?, transnationalOnly: Bool, minTRL: UInt32?,
                     limit: UInt32?, on: String?) throws(CLIFailure) -> MatchFindRequest {
        if let minTRL, minTRL > 9 { throw CLIFailure.usage("--min-trl: \(minTRL) is not a TRL (1..9, or 0 for no minimum)") }
        if let limit, limit == 0 || limit > maxLimit { throw CLIFailure.usage("--limit: \(limit) is not in 1..\(maxLimit)") }
        return MatchFindRequest(
            id: try MatchInput.id(id, what: "the need or SME id"), kinds: try CandidateKindWord.parseList(kinds, flag: "--kinds"),
            countries: try MatchInput.countries(countries, flag: "--countries"), transnationalOnly: transnationalOnly,
            minTRL: minTRL, limit: limit, onDate: try on.map { date throws(CLIFailure) in try MatchInput.date(date, flag: "--on") })
    }

    /// The request with the id as `needId`, or as `smeId` (every open need of the SME).
    func json(asSME: Bool) -> JSONValue {
        object([
            (asSME ? "smeId" : "needId", .string(id)),
            ("kinds", kinds.isEmpty ? nil : .array(kinds.map { .string($0.enumName) })),
            ("countries", countries.isEmpty ? nil : .array(countries.map(JSONValue.string))),
            ("transnationalOnly", transnationalOnly ? .bool(true) : nil),
            ("minTrl", minTRL.map { .number(String($0)) }),
            ("limit", limit.map { .number(String($0)) }),
            ("onDate", onDate.map(JSONValue.string)),
        ])
    }
}
