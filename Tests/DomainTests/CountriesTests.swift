import Testing
@testable import TIBSDomain

@Suite("ISO 3166-1 countries")
struct CountriesTests {
    @Test(arguments: ["LV", "PL", "DK", "DE", "FI", "LT", "SE", "EE", "NO"])
    func bsrCountriesAreValidAndFlagged(code: String) {
        #expect(Countries.isValid(code))
        #expect(Countries.country(code)?.isBSR == true)
        #expect(Countries.country(code)?.isEEA == true)
    }

    @Test(arguments: ["XX", "", "lv", "LVA", "EL", "UK", "EU"])
    func unassignedOrNonCanonicalCodesAreInvalid(code: String) {
        #expect(!Countries.isValid(code))
    }

    @Test func tableHasAllOfficiallyAssignedCodesOnce() {
        #expect(Countries.all.count == 249)
        #expect(Set(Countries.all.map(\.code)).count == 249)
        #expect(Countries.all.allSatisfy { $0.code.count == 2 && !$0.name.isEmpty })
    }

    @Test func membershipFlagsFollowTheTreaties() {
        #expect(Countries.all.filter(\.isEU).count == 27)
        #expect(Countries.all.filter(\.isEEA).count == 30)
        #expect(Countries.country("NO")?.isEU == false)
        #expect(Countries.country("GB")?.isEU == false)
        #expect(Countries.country("FR")?.isBSR == false)
        #expect(Countries.country("DE")?.name == "Germany")
    }

    @Test func nutsPrefixesMapToISOAndBack() {
        #expect(Countries.nutsPrefix(forISO: "GR") == "EL")
        #expect(Countries.nutsPrefix(forISO: "GB") == "UK")
        #expect(Countries.nutsPrefix(forISO: "LV") == "LV")
        #expect(Countries.isoCode(forNUTSPrefix: "EL") == "GR")
        #expect(Countries.isoCode(forNUTSPrefix: "UK") == "GB")
        #expect(Countries.country("GR")?.nutsPrefix == "EL")
    }
}
