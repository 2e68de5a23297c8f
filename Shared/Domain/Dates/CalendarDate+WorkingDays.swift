/// Working days and calendar months on calendar days: response deadlines ("10 working days")
/// and follow-ups ("6 months after the agreement").
///
/// A working day is Monday to Friday. There is no holiday calendar: public holidays differ per
/// country and region and no code list of them is kept, so a deadline over a holiday falls a day
/// early for that region; brokers see the date and can judge.
extension CalendarDate {
    /// 1 Monday … 7 Sunday (ISO 8601).
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        ((dayNumber + 3) % 7 + 7) % 7 + 1
    }

    /// Monday to Friday.
    public var isWorkingDay: Bool { isoWeekday <= 5 }

    /// The day `count` working days after this one (this day itself not counted, whatever it is);
    /// `count` ≤ 0 answers this day.
    public func adding(workingDays count: Int) -> CalendarDate {
        var number = dayNumber
        var left = count
        while left > 0 {
            number += 1
            if CalendarDate.fromDayNumber(number).isWorkingDay { left -= 1 }
        }
        return CalendarDate.fromDayNumber(number)
    }

    /// How many working days lie after this day up to and including `end` (0 when `end` is not later).
    public func workingDays(through end: CalendarDate) -> Int {
        let start = dayNumber, stop = end.dayNumber
        guard stop > start else { return 0 }
        // Whole weeks hold five working days each; count the rest day by day.
        let total = stop - start
        var count = total / 7 * 5
        var number = start + total / 7 * 7
        while number < stop {
            number += 1
            if CalendarDate.fromDayNumber(number).isWorkingDay { count += 1 }
        }
        return count
    }

    /// The same day `count` calendar months later, or the month's last day when it is shorter
    /// (2026-08-31 + 6 months = 2027-02-28).
    public func adding(months count: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + count
        let newYear = index / 12, newMonth = index % 12 + 1
        let newDay = min(day, CalendarDate.days(inMonth: newMonth, of: newYear))
        return CalendarDate.fromDayNumber(CalendarDate.firstOfMonth(year: newYear, month: newMonth).dayNumber + newDay - 1)
    }

    static func firstOfMonth(year: Int, month: Int) -> CalendarDate {
        let y = String(year), m = String(month)
        // reason: a four-digit year and a month 1...12 always make a real first day.
        return CalendarDate(String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (m.count == 1 ? "0" + m : m) + "-01")!
    }
}
