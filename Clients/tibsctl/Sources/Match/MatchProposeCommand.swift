import ArgumentParser

/// `tibsctl match propose --need ID --candidate ID`: a match from a candidate FindMatches answered,
/// keeping its score parts as they were.
struct MatchProposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose", abstract: "Propose a match of a need and a candidate (as match find answered it); state proposed.",
        discussion: "One open match per need and candidate: a second is refused (ALREADY_EXISTS). --idempotency-key makes a retry safe.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("need"), help: "The need id (qualified or bare).") var needID: String
    @Option(name: .customLong("candidate"), help: "The candidate id as match find printed it (\"catalogue-lv/0193…\").") var candidateID: String
    @Option(help: "Kept with the proposal.") var note: String?
    @OptionGroup var idempotency: IdempotencyOptions

    func validate() throws {
        _ = try MatchInput.id(needID, what: "--need")
        _ = try MatchInput.id(candidateID, what: "--candidate")
    }

    func run() async throws {
        try await ServiceClient.with(connection, service: .match) { match in
            try await match.matchCall("ProposeMatch", object([("needId", .string(needID)), ("candidateId", .string(candidateID)),
                                                              ("note", note.map(JSONValue.string))]),
                                      json: output.json, metadata: idempotency.metadata)
        }
    }
}
