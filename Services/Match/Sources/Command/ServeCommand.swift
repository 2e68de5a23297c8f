import ArgumentParser
import TIBSServiceKit

/// `tibs-match serve`: flags as every TIBS service plus the match options; default port 7404,
/// database `match.sqlite` in the data folder.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the match service (the default).")

    @OptionGroup var options: ServiceOptions
    @OptionGroup var match: MatchOptions

    func run() async throws {
        try await ServiceMain.run(name: "tibs-match", options: options) {
            let settings = try match.resolved()
            let followed = settings.registries + settings.catalogues + settings.policies
            return ServicePlan(
                definition: MatchService.definition(settings: settings),
                checks: [.readableFile(settings.followTokenFile, variable: "TIBS_FOLLOW_TOKEN_FILE"),
                         .certificates(settings.followTrustRootsPEM, variable: "TIBS_FOLLOW_CA")],
                summary: followed.map { "follows \($0.name)=\($0.host):\($0.port)" })
        }
    }
}
