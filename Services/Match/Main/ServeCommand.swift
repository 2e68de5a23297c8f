import ArgumentParser
import TIBSMatch
import TIBSServiceKit

/// `tibs-match serve`: flags as every TIBS service plus the match options; default port 7404,
/// database `match.sqlite` in the data folder.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the match service (the default).")

    @OptionGroup var options: ServiceOptions
    @OptionGroup var match: MatchOptions

    func run() async throws {
        do {
            try await ServiceRunner.run(MatchService.definition(settings: try match.resolved()), options: options)
        } catch let error as OptionsError {
            throw ValidationError(error.description)
        }
    }
}
