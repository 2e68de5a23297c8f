import Testing
@testable import TIBSDomain

@Suite("NUTS regions")
struct NUTSTests {
    let nuts = CodeLists.bundled.nuts

    @Test func seedIsVersion2021AndEveryRegionSaysSo() {
        #expect(nuts.version == "2021")
        #expect(nuts.regions.entries.allSatisfy { $0.version == "2021" })
    }

    @Test func seedHasTheSixPartnerRegions() {
        for code in ["LV008", "PL84", "DK03", "DE60", "FI1C4", "LT01", "LT011"] {
            #expect(nuts.region(code: code) != nil, "missing \(code)")
        }
        #expect(nuts.region(code: "FI1C4")?.name == "Kymenlaakso")
        #expect(nuts.region(code: "lt01")?.name == "Sostinės regionas")
    }

    @Test func regionsLieInTheirCountry() {
        #expect(nuts.isRegion("LV008", inCountry: "LV"))
        #expect(!nuts.isRegion("LV008", inCountry: "LT"))
        #expect(nuts.isRegion("PL841", inCountry: "PL"))
        #expect(!nuts.isRegion("XX123", inCountry: "XX"))
    }

    @Test func parentIsTheNearestLoadedAncestor() {
        #expect(nuts.parent(of: "PL841")?.code == "PL84")
        // The seed has no NUTS-1, so PL8 is skipped; a full GISCO list would give PL8.
        #expect(nuts.parent(of: "PL84")?.code == "PL")
        #expect(nuts.parent(of: "PL") == nil)
        #expect(nuts.parent(of: "ZZ99") == nil)
        #expect(NUTS.parentCode(of: "PL84") == "PL8")
        #expect(NUTS.parentCode(of: "PL") == nil)
    }

    @Test func containmentFollowsCodePrefixesAndIncludesItself() {
        #expect(NUTS.contains(ancestor: "PL84", descendant: "PL841"))
        #expect(NUTS.contains(ancestor: "PL", descendant: "PL841"))
        #expect(NUTS.contains(ancestor: "PL84", descendant: "PL84"))
        #expect(!NUTS.contains(ancestor: "PL841", descendant: "PL84"))
        #expect(!NUTS.contains(ancestor: "PL84", descendant: "PL842x"))
        #expect(!NUTS.contains(ancestor: "", descendant: "PL84"))
    }

    @Test func childrenAndCountryListings() {
        #expect(nuts.children(of: "PL84").map(\.code) == ["PL841", "PL842", "PL843"])
        #expect(nuts.regions(inCountry: "LV", level: 3).count == 6)
    }

    @Test func giscoCSVWithShuffledAndExtraColumnsLoads() throws {
        let csv = """
        \u{FEFF}NAME_LATN,FID,LEVL_CODE,NUTS_ID,CNTR_CODE,NUTS_NAME,MOUNT_TYPE\r
        Ελλάδα,EL,0,EL,EL,Ελλάδα,0\r
        Voreia Elláda,EL5,1,EL5,EL,Βόρεια Ελλάδα,0\r
        "Kentriki Makedonia, Greece",EL52,2,EL52,EL,Κεντρική Μακεδονία,0\r
        Polska,PL,0,PL,PL,Polska,0\r
        Makroregion wschodni,PL8,1,PL8,PL,Makroregion wschodni,0\r
        Podlaskie,PL84,2,PL84,PL,Podlaskie,0\r

        """
        let full = try NUTS.parse(csv: csv, version: "2024")
        #expect(full.version == "2024")
        #expect(full.regions.count == 6)
        #expect(full.parent(of: "PL84")?.code == "PL8")
        #expect(full.region(code: "EL52")?.name == "Kentriki Makedonia, Greece")
        #expect(full.region(code: "EL52")?.isoCountry == "GR")
        #expect(full.isRegion("EL52", inCountry: "GR"))
        #expect(full.isRegion("EL52", inCountry: "EL"))
    }

    @Test func giscoCSVWithoutRequiredColumnIsRejected() {
        let csv = "NUTS_ID,LEVL_CODE,NAME_LATN\nPL,0,Polska\n"
        #expect(throws: CodeListError.missingColumn(list: "NUTS 2024", accepted: ["country", "CNTR_CODE"])) {
            try NUTS.parse(csv: csv, version: "2024")
        }
    }

    @Test func rowsWhoseLevelOrCountryDisagreeWithTheCodeAreRejected() {
        let wrongLevel = "code,level,country,name\nPL84,3,PL,Podlaskie\n"
        #expect(throws: CodeListError.self) { try NUTS.parse(csv: wrongLevel, version: "x") }
        let wrongCountry = "code,level,country,name\nPL84,2,LT,Podlaskie\n"
        #expect(throws: CodeListError.self) { try NUTS.parse(csv: wrongCountry, version: "x") }
        let shortRow = "code,level,country,name\nPL84,2\n"
        #expect(throws: CodeListError.self) { try NUTS.parse(csv: shortRow, version: "x") }
    }
}
