/// Day arithmetic on calendar days (moved from the policy service: the match service's
/// response deadlines and follow-ups use it too).
extension CalendarDate {
    /// Days since 1970-01-01 (proleptic Gregorian), for day arithmetic on dates kept as days:
    /// overdue deadlines and days to a first response.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day `dayNumber` days after 1970-01-01.
    public static func fromDayNumber(_ number: Int) -> CalendarDate {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        // reason: the components are a real day by construction.
        return CalendarDate("\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))")!
    }

    public func adding(days: Int) -> CalendarDate { Self.fromDayNumber(dayNumber + days) }
}
