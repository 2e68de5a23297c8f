import ArgumentParser
import Foundation

/// `tibsctl match advance ID --to STATE --expected-version N`: one step of the lifecycle, recorded
/// with actor, time and note.
struct MatchAdvanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance", abstract: "Take a match one step; the step records actor, side, time and note.",
        discussion: """
        proposed → shortlisted | declined; shortlisted → introduced | declined; introduced → in-discussion | \
        closed-without-agreement | declined; in-discussion → agreement | closed-without-agreement. --to introduced needs \
        the SME's consent (--consent-by, --consent-on, default today). An illegal step exits 8 with FAILED_PRECONDITION \
        naming both states, a stale --expected-version exits 8 with ABORTED; neither changes the match.
        """)
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: ArgumentHelp(stringLiteral: MatchStateWord.targets.map(\.rawValue).joined(separator: ", ") + ".")) var to: String
    @Option(name: .customLong("expected-version"), help: "The match's version this step follows (match get shows it).")
    var expectedVersion: UInt64
    @Option(help: "Kept in the match's history.") var note: String?
    @Option(name: .customLong("consent-by"), help: "For --to introduced: who gave the SME's consent (a name or role, not contact data).")
    var consentBy: String?
    @Option(name: .customLong("consent-on"), help: "For --to introduced: the day the consent was given, YYYY-MM-DD (default today).")
    var consentOn: String?
    @Argument(help: "The match id.") var id: String

    func request() throws(CLIFailure) -> MatchAdvanceRequest {
        try MatchAdvanceRequest.make(id: id, to: to, expectedVersion: expectedVersion, note: note, consentBy: consentBy, consentOn: consentOn)
    }

    func validate() throws { _ = try request() }

    func run() async throws {
        let request = try request()
        let today = Date().formatted(.iso8601.year().month().day().dateSeparator(.dash))
        try await ServiceClient.with(connection, service: .match) { match in
            try await match.matchCall("AdvanceMatch", request.json(today: today), json: output.json)
        }
    }
}
