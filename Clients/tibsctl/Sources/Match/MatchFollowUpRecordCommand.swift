import ArgumentParser

/// `tibsctl match follow-up record ID --months 3|6|12 --expected-version N`.
struct MatchFollowUpRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record a follow-up of an agreement (each of 3, 6 and 12 months once).")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "3, 6 or 12: which follow-up.") var months: UInt32
    @Option(name: .customLong("expected-version"), help: "The match's version (match get shows it).") var expectedVersion: UInt64
    @Option var note: String?
    @Argument(help: "The match id.") var id: String

    static let allowedMonths: [UInt32] = [3, 6, 12]

    func validate() throws {
        guard Self.allowedMonths.contains(months) else { throw CLIFailure.usage("--months: \(months) is not one of 3, 6, 12") }
        _ = try MatchInput.id(id, what: "the match id")
    }

    func run() async throws {
        try await ServiceClient.with(connection, service: .match) { match in
            try await match.matchCall("RecordFollowUp", object([
                ("id", .string(id)), ("expectedVersion", .string(String(expectedVersion))), ("months", .number(String(months))),
                ("note", note.map(JSONValue.string))]), json: output.json)
        }
    }
}
