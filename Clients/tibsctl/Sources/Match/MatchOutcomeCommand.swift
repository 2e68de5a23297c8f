import ArgumentParser

/// `tibsctl match outcome ID --success|--failure …`: how a match that reached agreement or was
/// closed without one ended, in the survey's code lists.
struct MatchOutcomeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcome", abstract: "Record the outcome of a match in agreement or closed without agreement.",
        discussion: """
        Codes come from the survey code lists: success-reason, failure-reason and advantage (code or code@version, \
        comma-separated). --success must agree with the state (agreement), --failure with closed-without-agreement.
        """)
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("expected-version"), help: "The match's version (match get shows it).") var expectedVersion: UInt64
    @Flag(help: "It ended in an agreement.") var success = false
    @Flag(help: "It ended without one.") var failure = false
    @Option(name: .customLong("success-reasons"), help: "Codes of the list success-reason.") var successReasons: String?
    @Option(name: .customLong("failure-reasons"), help: "Codes of the list failure-reason.") var failureReasons: String?
    @Option(help: "Codes of the list advantage: what was gained.") var advantages: String?
    @Option var note: String?
    @Argument(help: "The match id.") var id: String

    func request() throws(CLIFailure) -> MatchOutcomeRequest {
        try MatchOutcomeRequest.make(id: id, expectedVersion: expectedVersion, success: success, failure: failure,
                                     successReasons: successReasons, failureReasons: failureReasons, advantages: advantages, note: note)
    }

    func validate() throws { _ = try request() }

    func run() async throws {
        let request = try request()
        try await ServiceClient.with(connection, service: .match) { match in
            try await match.matchCall("RecordOutcome", request.json(), json: output.json)
        }
    }
}
