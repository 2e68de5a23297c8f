/// How an influence action reaches an institution. Raw values are the proto numbers.
public enum ActionKind: Int, Sendable, CaseIterable, Codable {
    case recommendation = 1, consultationResponse = 2, meeting = 3, positionPaper = 4, letter = 5
}
