import TIBSDomain

/// The days a resource can be used: a programme's call opening and its deadline. Either end
/// may be open; both ends are inclusive days.
public struct ValidityWindow: Sendable, Hashable, Codable {
    public var opensOn: CalendarDate?
    public var closesOn: CalendarDate?

    public init(opensOn: CalendarDate? = nil, closesOn: CalendarDate? = nil) {
        self.opensOn = opensOn
        self.closesOn = closesOn
    }

    /// No end is set.
    public var isUnbounded: Bool { opensOn == nil && closesOn == nil }

    /// True when the resource can be used on `day`.
    public func isOpen(on day: CalendarDate) -> Bool {
        (opensOn.map { $0 <= day } ?? true) && (closesOn.map { day <= $0 } ?? true)
    }

    /// True once the deadline is behind `today`: the resource leaves the default listing and retires.
    public func hasClosed(before today: CalendarDate) -> Bool {
        closesOn.map { $0 < today } ?? false
    }
}
