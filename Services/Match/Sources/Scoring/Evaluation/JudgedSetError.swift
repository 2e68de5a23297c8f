/// Why a judged-set file cannot be used: the evaluation refuses it rather than guess.
public enum JudgedSetError: Error, Equatable, CustomStringConvertible {
    case invalidDate(field: String, value: String)
    case invalidValue(field: String, value: String)
    case unknownCandidate(need: String, candidate: String)
    case duplicateID(String)

    public var description: String {
        switch self {
        case let .invalidDate(field, value): "\(field): '\(value)' is not a YYYY-MM-DD date"
        case let .invalidValue(field, value): "\(field): '\(value)' is not a known value"
        case let .unknownCandidate(need, candidate): "need \(need) judges '\(candidate)', which is not a candidate of the set"
        case let .duplicateID(id): "id '\(id)' appears twice"
        }
    }
}
