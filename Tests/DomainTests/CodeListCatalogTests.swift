import Testing
@testable import TIBSDomain

/// The code lists under their published names, and the violations that point at them.
@Suite struct CodeListCatalogTests {
    let rules = CodeRules()

    func violations(_ body: (inout Validator) -> Void) -> [FieldViolation] {
        var v = Validator()
        body(&v)
        return v.violations
    }

    @Test func aRefusedNACECodeNamesTheListAndVersion() {
        let rev21 = violations { _ = rules.nace([VersionedCode(code: "62.01", version: "")], field: "nace_codes", required: true, max: 5, &$0) }
        #expect(rev21 == [FieldViolation(field: "nace_codes[0].code",
                                         description: "'62.01' is not a NACE Rev. 2.1 code (code list nace-2.1; see ListCodes or `tibsctl codes nace`)")])
        let rev2 = violations { _ = rules.nace([VersionedCode(code: "62.10", version: "2")], field: "nace_codes", required: true, max: 5, &$0) }
        #expect(rev2.first?.description == "'62.10' is not a NACE Rev. 2 code (code list nace-2; see ListCodes or `tibsctl codes nace --version 2`)")
    }

    @Test func nutsS3AndCountryViolationsNameTheirLists() {
        let region = violations { _ = rules.region(RegionRef(country: "LV", nutsCode: "LV999", nutsVersion: ""), field: "region", &$0) }
        #expect(region.first?.description == "is not a NUTS 2021 region code (code list nuts-2021; see ListCodes or `tibsctl codes nuts`)")
        let s3 = violations { _ = rules.s3([VersionedCode(code: "quantum-baking", version: "")], field: "s3_areas", max: 5, &$0) }
        #expect(s3.first?.description == "'quantum-baking' is not an S3 area of list 2026-11 (code list s3-2026-11; see ListCodes or `tibsctl codes s3`)")
        let country = violations { $0.checkCountry("XX", field: "country") }
        #expect(country.first?.description == "must be an ISO 3166-1 alpha-2 country code (code list country-2023; see ListCodes or `tibsctl codes country`)")
    }

    @Test func theEchoedValueIsBoundedAndSafeToPrint() {
        #expect(CodeListCatalog.quoted("62.01") == "'62.01'")
        #expect(CodeListCatalog.quoted(String(repeating: "9", count: 5000)) == "'" + String(repeating: "9", count: 40) + "…'")
        #expect(CodeListCatalog.quoted("6\u{1B}[2J\u{202E}2") == "'6?[2J?2'")
        let long = violations { _ = rules.nace([VersionedCode(code: String(repeating: "x", count: 10_000), version: "")], field: "n", required: true, max: 5, &$0) }
        #expect((long.first?.description.count ?? 0) < 160, "\(long)")
    }

    @Test func everyListHasItsCodesUnderItsName() throws {
        let catalog = CodeListCatalog.bundled
        let codes = CodeLists.bundled
        #expect(try #require(catalog.list("nace", version: "2")).entries.count == codes.nace.list(version: "2")?.count)
        #expect(catalog.list("nace")?.version == CodeRules.defaultNACEVersion)
        #expect(catalog.list("nuts")?.entries.count == codes.nuts.regions.count)
        #expect(catalog.list("trl")?.entries.map(\.code) == (1...9).map(String.init))
        #expect(catalog.list("country")?.entries.count == Countries.all.count)
        for question in SurveyQuestion.allCases {
            #expect(catalog.list("survey-" + question.rawValue)?.entries.count == codes.survey.codes(question).count)
        }
        #expect(catalog.list("nace", version: "3") == nil && catalog.list("naics") == nil)
        #expect(catalog.versions(of: "NACE") == ["2", "2.1"])
    }

    @Test func hierarchiesComeTopDown() throws {
        for (name, version) in [("nace", "2"), ("nace", "2.1"), ("nuts", "2021")] {
            let entries = try #require(CodeListCatalog.bundled.list(name, version: version)).entries
            var seen: Set<String> = []
            for entry in entries {
                #expect(entry.parent.isEmpty || seen.contains(entry.parent), "\(name) \(entry.code) before its parent \(entry.parent)")
                seen.insert(entry.code)
            }
            #expect(seen.count == entries.count)
        }
    }
}
