import Testing
import TIBSDomain
@testable import TIBSMatch
import TIBSProto

/// FindMatches refuses every malformed field by name and reads the rest as documented.
@Suite struct FindMatchesValidationTests {
    // reason: literal days.
    let today = CalendarDate("2026-03-02")!
    let lastDay = CalendarDate("2026-12-31")!

    func fields(_ configure: (inout Tibs_Match_V1_FindMatchesRequest) -> Void) -> [String] {
        var request = Tibs_Match_V1_FindMatchesRequest()
        configure(&request)
        do {
            _ = try FindMatchesHandlers.query(request, today: today)
            return []
        } catch let errors as ValidationErrors {
            return errors.fields
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test func aValidRequestIsReadWithItsDefaults() throws {
        let query = try FindMatchesHandlers.query(.with { $0.needID = " registry-lv/0192 " }, today: today)
        #expect(query.subject == .need("registry-lv/0192"))
        #expect(query.filters == MatchFilters(onDate: today))
        let full = try FindMatchesHandlers.query(.with {
            $0.smeID = "0193"
            $0.kinds = [.resource, .partnerOffer]
            $0.countries = ["lt", "EE"]
            $0.transnationalOnly = true
            $0.minTrl = 9
            $0.limit = 100
            $0.onDate = "2026-12-31"
        }, today: today)
        #expect(full.subject == .sme("0193"))
        #expect(full.filters == MatchFilters(kinds: [.resource, .partnerOffer], countries: ["LT", "EE"], transnationalOnly: true, minTRL: 9,
                                             limit: 100, onDate: lastDay))
    }

    @Test func exactlyOneOfNeedAndSMEIsRequired() {
        #expect(fields { _ in } == ["need_id"])
        #expect(fields { $0.needID = "a"; $0.smeID = "b" } == ["need_id"])
        #expect(fields { $0.needID = "   " } == ["need_id"])
    }

    @Test func badFiltersAreEachNamed() {
        #expect(fields { $0.needID = "a"; $0.kinds = [.resource, .unspecified] } == ["kinds[1]"])
        #expect(fields { $0.needID = "a"; $0.countries = ["LV", "XX", ""] } == ["countries[1]", "countries[2]"])
        #expect(fields { $0.needID = "a"; $0.countries = Array(repeating: "LV", count: 61) } == ["countries"])
        #expect(fields { $0.needID = "a"; $0.minTrl = 10 } == ["min_trl"])
        #expect(fields { $0.needID = "a"; $0.limit = 101 } == ["limit"])
        #expect(fields { $0.needID = "a"; $0.onDate = "2026-02-30" } == ["on_date"])
        #expect(fields { $0.needID = "a"; $0.onDate = "tomorrow" } == ["on_date"])
        #expect(fields { $0.smeID = "a"; $0.minTrl = 12; $0.limit = 500 } == ["min_trl", "limit"])
    }
}
