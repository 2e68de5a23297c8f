import ArgumentParser
import TIBSServiceKit

/// `tibs-match`: the match service (docs/match.md). `serve` (the default) runs the service;
/// `evaluate` scores the judged set.
public struct MatchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tibs-match",
        abstract: "The TIBS match service: explainable transnational matching over followed registries, catalogues and policy services, and the brokers' match lifecycle.",
        subcommands: [ServeCommand.self, EvaluateCommand.self],
        defaultSubcommand: ServeCommand.self)

    public init() {}

}
