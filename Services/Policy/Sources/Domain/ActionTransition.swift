import Foundation
import TIBSDomain

/// One step of an influence action's walk: who recorded it and when, the day it happened.
public struct ActionTransition: Sendable, Hashable {
    /// nil for the submission itself.
    public var from: ActionStatus?
    public var to: ActionStatus
    /// Token subject.
    public var actor: String
    /// When the step was recorded (store clock).
    public var at: Date
    /// The day the step happened (the letter's date); never before the previous step's, never in the future.
    public var onDate: CalendarDate
    public var note: String

    public init(from: ActionStatus?, to: ActionStatus, actor: String, at: Date, onDate: CalendarDate, note: String) {
        self.from = from
        self.to = to
        self.actor = actor
        self.at = at
        self.onDate = onDate
        self.note = note
    }
}
