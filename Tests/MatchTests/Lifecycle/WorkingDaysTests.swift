import Testing
import TIBSDomain

@Suite struct WorkingDaysTests {
    func day(_ text: String) -> CalendarDate {
        // reason: literals.
        CalendarDate(text)!
    }

    @Test func weekdaysAndWorkingDays() {
        #expect(day("2026-03-02").isoWeekday == 1)   // a Monday
        #expect(day("2026-03-07").isoWeekday == 6)
        #expect(!day("2026-03-08").isWorkingDay)
        // Monday + 10 working days = the Monday two weeks later; Friday + 1 = Monday.
        #expect(day("2026-03-02").adding(workingDays: 10) == day("2026-03-16"))
        #expect(day("2026-03-06").adding(workingDays: 1) == day("2026-03-09"))
        #expect(day("2026-03-07").adding(workingDays: 1) == day("2026-03-09"))
        #expect(day("2026-03-16").workingDays(through: day("2026-03-17")) == 1)
        #expect(day("2026-03-13").workingDays(through: day("2026-03-15")) == 0)
        #expect(day("2026-03-02").workingDays(through: day("2026-03-30")) == 20)
        #expect(day("2026-03-30").workingDays(through: day("2026-03-02")) == 0)
    }

    @Test func calendarMonthsClampToTheMonthsEnd() {
        #expect(day("2026-08-31").adding(months: 6) == day("2027-02-28"))
        #expect(day("2027-11-30").adding(months: 3) == day("2028-02-29"))
        #expect(day("2026-03-02").adding(months: 12) == day("2027-03-02"))
    }
}
