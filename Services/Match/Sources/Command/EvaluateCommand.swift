import ArgumentParser
import Foundation

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

    @Flag(help: "Also print each need's figures and its top 5 (+ relevant, ! wrong) for the default weights.")
    var details = false

    @Flag(help: "Also evaluate the 216 weight sets of the tuning grid and print the best 10 (fewest wrong in top 3, then nDCG@10).")
    var grid = false

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
        if grid {
            print("")
            print("best of the tuning grid (WeightGrid): wrong in top 3, nDCG@10, precision@5, weights")
            for (weights, e) in WeightGrid.ranked(set, index: index).prefix(10) {
                print("\(e.wrongInTop3)  \(String(format: "%.3f", e.ndcgAt10))  \(String(format: "%.3f", e.precisionAt5))  \(WeightGrid.label(weights))")
            }
        }
        if details {
            print("")
            print(RankingEvaluation.details(set, index: index, weights: .defaults))
        }
    }
}
