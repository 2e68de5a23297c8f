import ArgumentParser
import Foundation
import TIBSProto

/// `tibsctl match watch [--need ID | --regions …] [--limit N]`: new candidates pushed as the match
/// service applies the upstream event that made them, one line each (or one JSON object per line).
struct MatchWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Stream new candidates entering an open need's top 20 above the alert threshold.",
        discussion: "Without --need: every open need of --regions (default: your token's regions). The stream does not end by itself: --limit, or Ctrl-C.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("need"), help: "One need (qualified or bare).") var needID: String?
    @Option(help: "NUTS codes within your token's regions, comma-separated.") var regions: String?
    @Option(help: "Stop after this many alerts.") var limit: Int?

    func validate() throws {
        if let needID { _ = try MatchInput.id(needID, what: "--need") }
        if needID != nil, regions != nil { throw CLIFailure.usage("--need and --regions exclude each other") }
        if let limit, limit < 1 { throw CLIFailure.usage("--limit: \(limit) is not a positive number") }
    }

    func run() async throws {
        let limit = self.limit
        let json = output.json
        let timeout = connection.timeout.map { Duration.milliseconds(Int64($0 * 1000)) }
        try await ServiceClient.with(connection, service: .match) { match in
            let target = try match.description.method(match.service + "WatchNewCandidates")
            let request = object([("needId", needID.map(JSONValue.string)), ("regions", strings(regions?.uppercased()))])
            let body = try match.transcoder.binary(from: request, type: target.requestType)
            try await match.session.client.serverStreamingRaw(target.name, body, metadata: [:], timeout: timeout) { responses in
                var count = 0
                for try await message in responses {
                    if json {
                        Console.out(try match.transcoder.json(from: message, type: target.responseType).compactText)
                    } else {
                        Console.out(MatchView.alert(try Tibs_Match_V1_CandidateAlert(serializedBytes: message)))
                    }
                    count += 1
                    if let limit, count >= limit { break }
                }
            }
        }
    }
}
