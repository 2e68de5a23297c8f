/// The two sides of a match: the region of the SME with the need and the candidate's region.
/// Raw values are the wire's `Side` numbers.
public enum MatchSide: Int, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case need = 1
    case candidate = 2

    /// The side awaited after this side acted.
    public var other: MatchSide { self == .need ? .candidate : .need }

    public var description: String { self == .need ? "need side" : "candidate side" }
}
