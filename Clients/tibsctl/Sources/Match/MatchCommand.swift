import ArgumentParser

/// `tibsctl match …`: the match service (docs/match.md) — ranked, explained candidates for SMEs'
/// needs, the brokers' match lifecycle from proposal to outcome, alerts and likely duplicates.
struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match", abstract: "Find explained matches for needs and walk them from proposal to outcome (the match service).",
        discussion: "The address is the match service's: --address, TIBS_MATCH_ADDRESS, a profile's matchAddress or the endpoints file's \"match\" (port 7404).",
        subcommands: [MatchFindCommand.self, MatchProposeCommand.self, MatchGetCommand.self, MatchAdvanceCommand.self,
                      MatchOutcomeCommand.self, MatchFollowUpCommand.self, MatchOverdueCommand.self, MatchListCommand.self,
                      MatchWatchCommand.self, MatchDuplicatesCommand.self])
}
