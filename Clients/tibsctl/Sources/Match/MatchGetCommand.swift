import ArgumentParser

/// `tibsctl match get ID`: one match with its steps, consent, outcome and follow-ups.
struct MatchGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "One match in detail; a broker of the other region sees the SME as a teaser until the introduction.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The match id.") var id: String

    func validate() throws { _ = try MatchInput.id(id, what: "the match id") }

    func run() async throws {
        try await ServiceClient.with(connection, service: .match) { match in
            try await match.matchCall("GetMatch", object([("id", .string(id))]), json: output.json)
        }
    }
}
