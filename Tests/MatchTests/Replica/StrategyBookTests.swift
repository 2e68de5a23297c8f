import Testing
import TIBSDomain
@testable import TIBSMatch
import TIBSProto

/// The priorities in force: latest valid_from on or before the day whose valid_to has not
/// passed, equal valid_from → the one set last, else the nearest enclosing region.
@Suite struct StrategyBookTests {
    func version(_ id: String, _ region: String, from: String, to: String = "", weight: Double) -> Tibs_Policy_V1_RegionalStrategy {
        .with {
            $0.id = id
            $0.fields = .with {
                $0.region = region
                $0.validFrom = from
                $0.validTo = to
                $0.priorities = [.with { $0.s3Area = .with { $0.code = "ict" }; $0.weight = weight }]
            }
        }
    }

    func day(_ text: String) throws -> CalendarDate { try #require(CalendarDate(text)) }

    @Test func theVersionInForceAndTheNearestEnclosingRegionAnswer() throws {
        var book = StrategyBook()
        book.set(version("a", "LV", from: "2021-01-01", weight: 0.2), upstream: "policy", setOrder: 1)
        book.set(version("b", "LV006", from: "2022-01-01", to: "2022-12-31", weight: 0.4), upstream: "policy", setOrder: 2)
        book.set(version("c", "LV006", from: "2024-01-01", weight: 0.6), upstream: "policy", setOrder: 3)
        book.set(version("d", "LV006", from: "2024-01-01", weight: 0.8), upstream: "policy", setOrder: 4)
        #expect(try book.priorities("LV006", on: day("2022-06-01")) == RegionPriorities(region: "LV006", weights: ["ict": 0.4]))
        // Between versions of LV006: the country's answers.
        #expect(try book.priorities("LV006", on: day("2023-06-01")) == RegionPriorities(region: "LV", weights: ["ict": 0.2]))
        // Equal valid_from: the one set last.
        #expect(try book.priorities("lv006", on: day("2025-01-01"))?.weights == ["ict": 0.8])
        #expect(try book.priorities("LV007", on: day("2025-01-01"))?.region == "LV")
        #expect(try book.priorities("LV006", on: day("2020-12-31")) == nil)
        #expect(try book.priorities("EE008", on: day("2025-01-01")) == nil)
        book.remove(QualifiedID(upstream: "policy", id: "d"))
        #expect(try book.priorities("LV006", on: day("2025-01-01"))?.weights == ["ict": 0.6])
        // A version set again (updated) replaces itself.
        book.set(version("c", "LV006", from: "2024-01-01", weight: 0.1), upstream: "policy", setOrder: 5)
        #expect(try book.priorities("LV006", on: day("2025-01-01"))?.weights == ["ict": 0.1])
        #expect(book.count == 3)
    }
}
