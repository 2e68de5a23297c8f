import TIBSDomain

/// Whole months of the surveys' conducted_on dates, `from` to `to` inclusive. A report compares
/// it with the ``previous`` period: as many months, ending the month before `from`.
public struct Period: Sendable, Hashable {
    public var from: Month
    public var to: Month

    /// The longest period a report covers, in months.
    public static let maxMonths = 120

    public init(from: Month, to: Month) {
        self.from = from
        self.to = to
    }

    /// Number of months, both ends included.
    public var months: Int { to.index - from.index + 1 }

    /// As many months, ending the month before ``from``.
    public var previous: Period { Period(from: from.adding(-months), to: from.adding(-1)) }

    /// `from_month` and `to_month` as sent: both `YYYY-MM`, to not before from, at most
    /// ``maxMonths`` months; violations under `field` (`period.from_month`, …).
    public static func validated(from: String, to: String, field: String) throws(ValidationErrors) -> Period {
        var v = Validator()
        var result: Period?
        v.nested(field) { v in
            let start = Month(TextRules.trimmed(from)), end = Month(TextRules.trimmed(to))
            if from.isEmpty && to.isEmpty {
                v.add(field: "", "is required: from_month and to_month, YYYY-MM")
                return
            }
            v.check(start != nil, field: "from_month", "must be a month written YYYY-MM")
            v.check(end != nil, field: "to_month", "must be a month written YYYY-MM")
            guard let start, let end else { return }
            guard v.check(start <= end, field: "to_month", "must not be before from_month (\(start))") else { return }
            let period = Period(from: start, to: end)
            guard v.check(period.months <= maxMonths, field: "to_month",
                          "a period covers at most \(maxMonths) months (this one \(period.months))") else { return }
            result = period
        }
        try v.throwIfAny()
        // reason: no violation means the nested block set it.
        return result!
    }
}
