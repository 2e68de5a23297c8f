/// What using a resource costs an SME.
public enum CostModel: Sendable, Hashable, Codable {
    case free
    case subsidised
    case fee
    /// The programme pays `ratePercent` (1–100) of the eligible costs.
    case coFunding(ratePercent: Int)

    /// The wire and storage name.
    public var name: String {
        switch self {
        case .free: "free"
        case .subsidised: "subsidised"
        case .fee: "fee"
        case .coFunding: "co-funding"
        }
    }
}
