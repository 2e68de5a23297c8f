import ArgumentParser
import TIBSProto

/// `tibsctl match follow-up due [--region --on]`: follow-ups due on or before a day, not yet recorded.
struct MatchFollowUpDueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "due", abstract: "Follow-ups due on or before a day (default today).")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "NUTS region of either side (default: your token's regions; admins: all).") var region: String?
    @Option(help: "Due on or before this day, YYYY-MM-DD (default today).") var on: String?

    func validate() throws { if let on { _ = try MatchInput.date(on, flag: "--on") } }

    func run() async throws {
        try await ServiceClient.with(connection, service: .match) { match in
            let answer = try await match.unary("ListFollowUpsDue", object([("region", region.map { .string($0.uppercased()) }),
                                                                           ("onDate", on.map(JSONValue.string))]),
                                               as: Tibs_Match_V1_ListFollowUpsDueResponse.self)
            printJSONOrTable(answer.json, asJSON: output.json) { MatchView.followUpsDue(answer.message.due) }
        }
    }
}
