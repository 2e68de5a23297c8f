import ArgumentParser
import Foundation
import TIBSMatch

/// `tibs-match evaluate`: ranks every need of the judged set and prints precision@5, nDCG@10
/// and wrong-in-top-3 for the default weights beside text relevance alone, so a change of
/// weights or text analysis shows its effect (docs/match.md).
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evaluate",
                                                    abstract: "Score the ranking on the judged set (default weights vs text only).")

    @Option(name: .customLong("judged"), help: "The judged-set JSON file.")
    var judged = "Services/Match/Evaluation/judged-set.json"

    @Option(name: .customLong("weights"), help: "A ScoreWeights JSON file to evaluate as a third row.")
    var weights: String?

    func run() async throws {
        let set: JudgedSet
        do {
            set = try JudgedSet(contentsOf: URL(fileURLWithPath: judged))
        } catch {
            throw ValidationError("cannot read the judged set \(judged): \(error)")
        }
        let index = set.index()
        var rows: [(name: String, evaluation: RankingEvaluation)] = [
            ("default", RankingEvaluation.evaluate(set, index: index, weights: .defaults)),
            ("text only", RankingEvaluation.evaluate(set, index: index, weights: .textOnly)),
        ]
        if let weights {
            let custom: ScoreWeights
            do {
                custom = try JSONDecoder().decode(ScoreWeights.self, from: Data(contentsOf: URL(fileURLWithPath: weights)))
            } catch {
                throw ValidationError("cannot read the weights \(weights): \(error)")
            }
            rows.append((weights, RankingEvaluation.evaluate(set, index: index, weights: custom)))
        }
        print("judged set \(judged): \(set.needs.count) needs, \(set.candidates.count) candidates, on \(set.onDate)")
        print(RankingEvaluation.table(rows))
    }
}
