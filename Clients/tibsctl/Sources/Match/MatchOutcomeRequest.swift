/// What `match outcome` records, checked without a server: success or not (exactly one), reasons
/// that fit it, codes of the survey's lists (the server checks them against the lists).
struct MatchOutcomeRequest: Sendable, Equatable {
    var id: String
    var expectedVersion: UInt64
    var success: Bool
    var successReasons: [String]
    var failureReasons: [String]
    var advantages: [String]
    var note: String?

    static func make(id: String, expectedVersion: UInt64, success: Bool, failure: Bool, successReasons: String?,
                     failureReasons: String?, advantages: String?, note: String?) throws(CLIFailure) -> MatchOutcomeRequest {
        guard success != failure else { throw CLIFailure.usage("say how it ended: --success or --failure (one of them)") }
        let successCodes = splitList(successReasons), failureCodes = splitList(failureReasons)
        if success, !failureCodes.isEmpty { throw CLIFailure.usage("--failure-reasons belong to --failure") }
        if failure, !successCodes.isEmpty { throw CLIFailure.usage("--success-reasons belong to --success") }
        return MatchOutcomeRequest(id: try MatchInput.id(id, what: "the match id"), expectedVersion: expectedVersion, success: success,
                                   successReasons: successCodes, failureReasons: failureCodes, advantages: splitList(advantages), note: note)
    }

    func json() -> JSONValue {
        func list(_ items: [String]) -> JSONValue? { items.isEmpty ? nil : .array(items.map(codeJSON)) }
        return object([
            ("id", .string(id)), ("expectedVersion", .string(String(expectedVersion))),
            ("outcome", object([("success", .bool(success)), ("successReasons", list(successReasons)),
                                ("failureReasons", list(failureReasons)), ("advantages", list(advantages)),
                                ("note", note.map(JSONValue.string))])),
        ])
    }
}
