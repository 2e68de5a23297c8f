import Foundation
import ArgumentParser

/// `--weights FILE`: a JSON object of ``ScoreWeights`` fields (`{"textRelevance": 0.5, "crossBorder": 0.2}`);
/// a field left out keeps its documented default, so a file names only what it changes. Unknown
/// names, non-numbers and weights outside 0...1 are refused, so a typo never silently scores.
public enum ScoreWeightsFile {
    /// The field names a file may use, as ``ScoreWeights`` encodes them.
    public static var fieldNames: [String] {
        (try? fields(of: .defaults).keys.sorted()) ?? []
    }

    /// Reads and checks `path`.
    public static func load(_ path: String) throws(ValidationError) -> ScoreWeights {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("--weights \(path) cannot be read: \(error.localizedDescription)")
        }
        return try parse(data, source: path)
    }

    /// Checks a weights document; `source` names it in the messages.
    public static func parse(_ data: Data, source: String) throws(ValidationError) -> ScoreWeights {
        let given: [String: Double]
        do {
            given = try JSONDecoder().decode([String: Double].self, from: data)
        } catch {
            throw ValidationError("--weights \(source): expected a JSON object of numbers such as {\"textRelevance\": 0.4}")
        }
        do {
            var merged = try fields(of: .defaults)
            for (name, weight) in given.sorted(by: { $0.key < $1.key }) {
                guard merged[name] != nil else {
                    throw ValidationError("--weights \(source): unknown weight \(name); known: \(merged.keys.sorted().joined(separator: ", "))")
                }
                guard weight.isFinite, (0...1).contains(weight) else {
                    throw ValidationError("--weights \(source): \(name) must be a number in 0...1, not \(weight)")
                }
                merged[name] = weight
            }
            guard merged.values.contains(where: { $0 > 0 }) else {
                throw ValidationError("--weights \(source): every weight is 0; nothing would rank")
            }
            return try JSONDecoder().decode(ScoreWeights.self, from: JSONEncoder().encode(merged))
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("--weights \(source): \(error.localizedDescription)")
        }
    }

    /// The weights as the name → value object a file holds.
    static func fields(of weights: ScoreWeights) throws -> [String: Double] {
        try JSONDecoder().decode([String: Double].self, from: JSONEncoder().encode(weights))
    }
}
