import Foundation
import Testing
import TIBSDomain
import TIBSServiceApp

/// The paging every service shares: tokens bound to an explicit filter key, in-memory slices.
@Suite struct PagingTests {
    struct Filter: PageFilter { var values: [String]; var pageKeyValues: [String] { values } }

    @Test func aFingerprintDependsOnTheListingAndEveryValueAndNothingElse() {
        let filter = Filter(values: ["LV", "LV008"])
        #expect(filter.pageFingerprint(listing: "sme") == Filter(values: ["LV", "LV008"]).pageFingerprint(listing: "sme"))
        #expect(filter.pageFingerprint(listing: "sme") != filter.pageFingerprint(listing: "need"))
        #expect(filter.pageFingerprint(listing: "sme") != Filter(values: ["LV", "LV00"]).pageFingerprint(listing: "sme"))
        // Length-prefixed: no value can pass for two.
        #expect(Filter(values: ["ab", "c"]).pageFingerprint(listing: "x") != Filter(values: ["a", "bc"]).pageFingerprint(listing: "x"))
        #expect(Filter(values: ["a|b"]).pageFingerprint(listing: "x") != Filter(values: ["a", "b"]).pageFingerprint(listing: "x"))
    }

    @Test func aTokenIsRefusedWithOtherFiltersAndABadSizeAndTokenAreReportedTogether() throws {
        let id = UUIDv7Generator.shared.next()
        let token = PageToken.make(after: id, filterFingerprint: "f1")
        #expect(try PageToken.request(size: 0, token: token, fingerprint: "f1") == PageRequest(size: PageRequest.defaultSize, after: id))
        #expect(throws: ValidationErrors(field: "page.page_token", "was made for other filters; start again without a page token")) {
            try PageToken.request(size: 10, token: token, fingerprint: "f2")
        }
        let error = #expect(throws: ValidationErrors.self) { try PageToken.request(size: 501, token: "garbage!", fingerprint: "f1") }
        #expect(error?.fields == ["page.page_size", "page.page_token"])
    }

    @Test func aSliceInMemoryPagesWithoutGapsOrRepeatsAndCountsOnTheFirstPageOnly() {
        let items = ["e", "a", "g", "c", "b", "f", "d"]
        var seen: [String] = []
        var page = Paging.slice(items, id: { $0 }, page: PageRequest(size: 3, after: nil))
        #expect(page.total == 7)
        seen += page.items
        while let after = page.nextAfter {
            page = Paging.slice(items, id: { $0 }, page: PageRequest(size: 3, after: after))
            #expect(page.total == nil)
            seen += page.items
        }
        #expect(seen == ["a", "b", "c", "d", "e", "f", "g"])
    }
}
