import ArgumentParser

/// `tibsctl match follow-up record|due`: the follow-ups due 3, 6 and 12 months after an agreement.
struct MatchFollowUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow-up", abstract: "Follow-ups due 3, 6 and 12 months after an agreement: list them, record one.",
        subcommands: [MatchFollowUpRecordCommand.self, MatchFollowUpDueCommand.self])
}
