import ArgumentParser
import TIBSProto

/// `tibsctl match list [--region --state --need --sme] [paging]`.
struct MatchListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List matches, filtered; pages as the other lists.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "NUTS code of either side; includes its sub-regions.") var region: String?
    @Option(help: ArgumentHelp(stringLiteral: MatchStateWord.allCases.map(\.rawValue).joined(separator: ", ") + ".")) var state: String?
    @Option(name: .customLong("need"), help: "Matches of this need.") var needID: String?
    @Option(name: .customLong("sme"), help: "Matches of this SME's needs.") var smeID: String?
    @OptionGroup var page: PageOptions

    func stateWord() throws(CLIFailure) -> MatchStateWord? {
        try state.map { word throws(CLIFailure) in try MatchStateWord.parse(word, flag: "--state", among: MatchStateWord.allCases) }
    }

    func validate() throws { _ = try stateWord() }

    func run() async throws {
        let state = try stateWord()
        try await ServiceClient.with(connection, service: .match) { match in
            let request = object([("page", page.request), ("region", region.map { .string($0.uppercased()) }),
                                  ("state", state.map { .string($0.enumName) }), ("needId", needID.map(JSONValue.string)),
                                  ("smeId", smeID.map(JSONValue.string))])
            var matches: [Tibs_Match_V1_Match] = []
            var tally = PageTally(request: request)
            try await match.typedPages("ListMatches", request, as: Tibs_Match_V1_ListMatchesResponse.self, all: page.all) { message, json in
                if output.json { Console.out(json.compactText) }
                matches += message.matches
                tally.add(json, items: message.matches.count)
            }
            guard !output.json else { return }
            Console.out(MatchView.list(matches).render())
            Console.err(tally.line)
        }
    }
}
