import ArgumentParser
import TIBSProto

/// `tibsctl match overdue [--region --broker --on]`: matches whose awaited side has not acted by its
/// respond-by day, per awaited region, with the brokers serving it.
struct MatchOverdueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overdue", abstract: "Matches late on their response deadline (working days), with the brokers awaited.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "NUTS region (default: your token's regions; admins: all).") var region: String?
    @Option(help: "A broker's subject: only what awaits that broker's regions.") var broker: String?
    @Option(help: "Judge lateness on this day, YYYY-MM-DD (default today).") var on: String?

    func validate() throws { if let on { _ = try MatchInput.date(on, flag: "--on") } }

    func run() async throws {
        try await ServiceClient.with(connection, service: .match) { match in
            let answer = try await match.unary("ListOverdue", object([("region", region.map { .string($0.uppercased()) }),
                                                                      ("broker", broker.map(JSONValue.string)), ("onDate", on.map(JSONValue.string))]),
                                               as: Tibs_Match_V1_ListOverdueResponse.self)
            printJSONOrTable(answer.json, asJSON: output.json) { MatchView.overdue(answer.message.overdue) }
            if !output.json { Console.err("\(answer.message.overdue.count) overdue") }
        }
    }
}
