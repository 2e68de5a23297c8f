import Testing
@testable import TIBSDomain

@Suite("Launch partner regions")
struct PartnerRegionsTests {
    @Test func sixLaunchRegionsWithTheirNUTSCodes() {
        #expect(PartnerRegions.launch.map(\.nuts) == ["LV008", "PL84", "DK03", "DE60", "FI1C4", "LT01"])
        #expect(Set(PartnerRegions.launch.map(\.id)).count == 6)
    }

    @Test func everyPartnerRegionIsInTheBundledNUTSAndItsCountry() {
        let nuts = CodeLists.bundled.nuts
        for region in PartnerRegions.launch {
            #expect(nuts.isRegion(region.nuts, inCountry: region.country), "\(region.id)")
            #expect(nuts.region(code: region.nuts)?.name == region.nutsName, "\(region.id)")
            #expect(region.nutsVersion == nuts.version)
            #expect(Countries.country(region.country)?.isBSR == true)
            for related in region.relatedNUTS {
                #expect(NUTS.contains(ancestor: region.nuts, descendant: related))
                #expect(nuts.region(code: related) != nil)
            }
        }
    }

    @Test func vilniusIsTheCapitalRegionWithVilniusCounty() {
        let vilnius = PartnerRegions.launchRegion("vilnius")
        #expect(vilnius?.nutsName == "Sostinės regionas")
        #expect(vilnius?.relatedNUTS == ["LT011"])
        #expect(PartnerRegions.launchRegion("FI1C4")?.displayName == "Kouvola / Kymenlaakso")
    }
}
