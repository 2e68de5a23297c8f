import ArgumentParser
import TIBSMatch
import TIBSServiceKit

/// `tibs-match`: the match service (docs/match.md). Placeholder until the service lands (H4).
@main
struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tibs-match", abstract: "The TIBS match service.")

    func run() async throws {}
}
