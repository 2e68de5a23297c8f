import ArgumentParser
import TIBSProto
import TIBSRPC

/// `tibsctl match find ID`: the ranked candidates for a need, or for every open need of an SME, each
/// with its total and named score parts.
struct MatchFindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find", abstract: "Ranked candidates for a need, or every open need of an SME, with each score part.",
        discussion: """
        The id is a need's, or with --sme an SME's (every open need); without --sme an id no need has is tried as an \
        SME's. Ids are qualified ("registry-lv/0193…") or bare (looked up in every followed registry). When an upstream \
        is not live, a warning line on standard error names it: the answer is from what the replica had.
        """)
    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "The id is an SME's: candidates for each of its open needs.") var sme = false
    @Flag(help: "Add the matched terms of each candidate.") var explain = false
    @Option(help: "Candidate kinds, comma-separated: resource, programme, partner (default: every kind).") var kinds: String?
    @Option(help: "Only candidates in these countries (ISO 3166-1 alpha-2, comma-separated).") var countries: String?
    @Flag(name: .customLong("transnational-only"), help: "Only candidates in another country than the SME.") var transnationalOnly = false
    @Option(name: .customLong("min-trl"), help: "Only candidates reaching this TRL (1..9).") var minTRL: UInt32?
    @Option(help: "Candidates per need, 1..100 (default 20).") var limit: UInt32?
    @Option(help: "The day availability is judged on, YYYY-MM-DD (default: today).") var on: String?
    @Option(help: "table or json (the server's answer).") var format: MatchOutputFormat = .table
    @Argument(help: "The need id (or the SME id with --sme).") var id: String

    func validate() throws {
        _ = try request()
    }

    func request() throws(CLIFailure) -> MatchFindRequest {
        try MatchFindRequest.make(id: id, kinds: kinds, countries: countries, transnationalOnly: transnationalOnly,
                                  minTRL: minTRL, limit: limit, on: on)
    }

    func run() async throws {
        let request = try request()
        try await ServiceClient.with(connection, service: .match) { match in
            let answer: (message: Tibs_Match_V1_FindMatchesResponse, json: JSONValue)
            do {
                answer = try await match.unary("FindMatches", request.json(asSME: sme), as: Tibs_Match_V1_FindMatchesResponse.self)
            } catch let error as RPCError where error.code == .notFound && !sme {
                answer = try await match.unary("FindMatches", request.json(asSME: true), as: Tibs_Match_V1_FindMatchesResponse.self)
            }
            if let warning = MatchFindView.staleWarning(answer.message) { Console.err(warning) }
            Console.out(format == .json ? answer.json.prettyText : MatchFindView.render(answer.message, explain: explain))
        }
    }
}
