import TIBSDomain

/// A calendar month, `YYYY-MM` on the wire and in storage (text order is time order). Evidence
/// periods are whole months of the surveys' conducted_on dates.
public struct Month: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Months since year 0: `year * 12 + (month - 1)`, so arithmetic is plain integer arithmetic.
    public let index: Int

    public init(index: Int) {
        self.index = index
    }

    public init(year: Int, month: Int) {
        self.index = year * 12 + (month - 1)
    }

    /// The month written `YYYY-MM`, or nil when the text is not one.
    public init?(_ text: String) {
        guard text.utf8.count == 7, let date = CalendarDate(text + "-01") else { return nil }
        self.init(year: date.year, month: date.month)
    }

    /// The month of a day.
    public init(_ date: CalendarDate) {
        self.init(year: date.year, month: date.month)
    }

    public var year: Int { index / 12 }
    public var month: Int { index % 12 + 1 }

    public func adding(_ months: Int) -> Month { Month(index: index + months) }

    public var description: String {
        let y = String(year), m = String(month)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (m.count == 1 ? "0" + m : m)
    }

    public static func < (lhs: Month, rhs: Month) -> Bool { lhs.index < rhs.index }
}
