import ArgumentParser
import TIBSProto

/// `tibsctl match duplicates [--country] [paging]`: SMEs registered in more than one followed
/// registry, for brokers to merge or hand over.
struct MatchDuplicatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates", abstract: "SMEs likely registered in more than one region's registry (same registration id, or same name).")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "ISO 3166-1 alpha-2 country (default: every country).") var country: String?
    @OptionGroup var page: PageOptions

    func validate() throws { _ = try MatchInput.countries(country, flag: "--country") }

    func run() async throws {
        let country = try MatchInput.countries(country, flag: "--country").first
        try await ServiceClient.with(connection, service: .match) { match in
            var duplicates: [Tibs_Match_V1_LikelyDuplicate] = []
            let request = object([("page", page.request), ("country", country.map(JSONValue.string))])
            var tally = PageTally(request: request)
            try await match.typedPages("ListLikelyDuplicates", request, as: Tibs_Match_V1_ListLikelyDuplicatesResponse.self, all: page.all) { message, json in
                if output.json { Console.out(json.compactText) }
                duplicates += message.duplicates
                tally.add(json, items: message.duplicates.count)
            }
            guard !output.json else { return }
            Console.out(MatchView.duplicates(duplicates).render())
            Console.err(tally.line)
        }
    }
}
