import TIBSDomain

/// The readiness levels a technology (or a service built on one) covers, min ≤ max.
public struct TRLRange: Sendable, Hashable, Codable {
    public let min: TRL
    public let max: TRL

    /// Nil when `min` is above `max`.
    public init?(min: TRL, max: TRL) {
        guard min <= max else { return nil }
        self.min = min
        self.max = max
    }

    /// True when the range reaches into `[low, high]`: a need at TRL 4–6 fits a technology
    /// offered at 5–7.
    public func overlaps(_ low: TRL, _ high: TRL) -> Bool {
        min <= high && low <= max
    }
}
