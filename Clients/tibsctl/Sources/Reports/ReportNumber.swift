import Foundation

/// How the reports print numbers: one place, so the table, the CSV and the HTML agree.
enum ReportNumber {
    /// A share 0..1 as "12.5%".
    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// A change of share (0.032) as "+3.2 pp" (percentage points).
    static func points(_ change: Double) -> String {
        let rounded = (change * 1000).rounded() / 10
        return (rounded > 0 ? "+" : "") + String(format: "%.1f pp", rounded == 0 ? 0 : rounded)
    }

    /// Days as "12.5".
    static func days(_ days: Double) -> String { String(format: "%.1f", days) }

    /// A mean of 1..5 as "3.4".
    static func mean(_ value: Double) -> String { String(format: "%.1f", value) }

    /// The exact value, as the CSV and the charts' `data-value` carry it: Swift's shortest text that
    /// reads back as the same Double, so a reader gets the RPC's number, not a rounded one.
    static func exact(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// An SVG coordinate.
    static func coordinate(_ value: Double) -> String { String(format: "%.1f", value) }
}
