import Foundation
import TIBSDomain
import Testing
@testable import TIBSCatalogue

@Suite("Validity windows, TRL ranges and access scope")
struct WindowAndScopeTests {
    func day(_ text: String) throws -> CalendarDate { try #require(CalendarDate(text)) }

    @Test func aWindowIsOpenOnBothOfItsEndDaysAndClosedAfterTheDeadline() throws {
        let (before, opens, closes, after) = (try day("2026-08-31"), try day("2026-09-01"), try day("2026-10-31"), try day("2026-11-01"))
        let window = ValidityWindow(opensOn: opens, closesOn: closes)
        #expect(!window.isOpen(on: before))
        #expect(window.isOpen(on: opens) && window.isOpen(on: closes))
        #expect(!window.isOpen(on: after))
        #expect(!window.hasClosed(before: closes))
        #expect(window.hasClosed(before: after))
        #expect(ValidityWindow().isOpen(on: before) && !ValidityWindow().hasClosed(before: after))
    }

    @Test func onlyProgrammesRetireWhenTheirWindowCloses() throws {
        var fields = CompletenessTests.complete(.supportProgramme)
        fields.validity = ValidityWindow(closesOn: try day("2026-10-31"))
        let now = Date(timeIntervalSince1970: 0)
        var resource = Resource(id: "r", providerID: "p", region: RegionRef(country: "FI", nutsCode: "FI1C4", nutsVersion: "2021"),
                                fields: fields, status: .published, createdAt: now, updatedAt: now)
        #expect(resource.windowHasClosed(before: try day("2026-11-01")))
        resource.status = .retired
        #expect(!resource.windowHasClosed(before: try day("2026-11-01")))
        resource.status = .published
        resource.fields.kind = .facility
        #expect(!resource.windowHasClosed(before: try day("2026-11-01")))
    }

    @Test func trlRangesOverlapWhenTheyShareALevel() throws {
        let range = try #require(TRLRange(min: .validatedInLab, max: .demonstratedInRelevantEnvironment))
        #expect(range.overlaps(.demonstratedInRelevantEnvironment, .provenInOperationalEnvironment))
        #expect(range.overlaps(.basicPrinciples, .validatedInLab))
        #expect(!range.overlaps(.prototypeInOperationalEnvironment, .provenInOperationalEnvironment))
        #expect(TRLRange(min: .provenInOperationalEnvironment, max: .basicPrinciples) == nil)
    }

    @Test func accessScopeAdmitsByCountry() {
        #expect(AccessScope.national.admits(country: "FI", providerCountry: "FI", eligible: []))
        #expect(!AccessScope.national.admits(country: "LV", providerCountry: "FI", eligible: []))
        #expect(AccessScope.transnational.admits(country: "LV", providerCountry: "FI", eligible: []))
        #expect(AccessScope.transnational.admits(country: "LV", providerCountry: "FI", eligible: ["LV", "LT"]))
        #expect(!AccessScope.transnational.admits(country: "PL", providerCountry: "FI", eligible: ["LV", "LT"]))
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-32", "２０２６-01-01", "2026-01-01 "])
    func calendarDatesRefuseWhatIsNoRealDay(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test func calendarDatesOrderAndPrintCanonically() throws {
        #expect(try day("2024-02-29").description == "2024-02-29")
        let (september, october) = (try day("2026-09-30"), try day("2026-10-01"))
        #expect(september < october)
        #expect(CalendarDate(Date(timeIntervalSince1970: 1_790_000_000)).description == "2026-09-21")  // 2026-09-21T14:06:40Z
    }
}
