import Foundation
import TIBSDomain

/// A follow-up of an agreement, due 3, 6 or 12 calendar months after the agreement day.
public struct MatchFollowUp: Sendable, Hashable {
    /// The months after an agreement at which follow-ups are due.
    public static let schedule = [3, 6, 12]

    public var months: Int
    public var dueOn: CalendarDate
    public var done: Bool
    public var note: String
    public var recordedAt: Date?
    public var recordedBy: String

    public init(months: Int, dueOn: CalendarDate, done: Bool = false, note: String = "", recordedAt: Date? = nil, recordedBy: String = "") {
        self.months = months
        self.dueOn = dueOn
        self.done = done
        self.note = note
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}
