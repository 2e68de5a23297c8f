import ArgumentParser

extension Tibsctl {
    /// Every top-level command.
    static var subcommandList: [any ParsableCommand.Type] {
        [CallCommand.self, DescribeCommand.self, CodesCommand.self, HealthCommand.self,
         SmeCommand.self, NeedCommand.self, OfferCommand.self, SurveyCommand.self, BrokerCommand.self,
         ProviderCommand.self, ResourceCommand.self, ImportCommand.self,
         InstitutionCommand.self, StrategyCommand.self, PolicyCommand.self, ReportCommand.self,
         MatchCommand.self, WatchCommand.self,
         BackupCommand.self, RestoreCommand.self,
         CertsCommand.self, TokenCommand.self]
    }
}
