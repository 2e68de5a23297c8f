import Testing
@testable import TIBSDomain

@Suite("S3 areas and TRL")
struct S3AndTRLTests {
    let s3 = CodeLists.bundled.s3

    @Test func bundledS3ListIsVersion2026_11() {
        #expect(s3.version == "2026-11")
        #expect(s3.areas.count == 15)
        #expect(s3.areas.entries.allSatisfy { $0.version == "2026-11" })
    }

    @Test func s3ListHasTheBSRTransS3Priorities() {
        #expect(s3.transS3Priorities.map(\.code) == [
            "advanced-manufacturing", "circular-economy", "bioeconomy", "resource-efficiency",
            "sustainable-water", "smart-health", "smart-cities", "digitalisation-cybersecurity",
        ])
    }

    @Test func s3ListHasTheThreeGoSmartCommonAreas() {
        #expect(s3.areas(fromSource: S3Areas.goSmartCommonSource).map(\.code)
            == ["ict", "sustainable-innovation", "human-health-nutrition"])
    }

    @Test func s3LookupNormalisesCaseAndRejectsUnknownCodes() {
        #expect(s3.isValid(code: " ICT "))
        #expect(s3.area(code: "blue-economy")?.label == "Sustainable blue economy")
        #expect(!s3.isValid(code: "space"))
    }

    @Test func adminS3ListRejectsNonSlugCodes() {
        #expect(throws: CodeListError.self) {
            try S3Areas.parse(csv: "code,label\nNot A Slug,x\n", version: "x")
        }
        #expect(throws: CodeListError.missingColumn(list: "S3 x", accepted: ["label", "name"])) {
            try S3Areas.parse(csv: "code\nict\n", version: "x")
        }
    }

    @Test func trlRunsOneToNineWithEULabels() {
        #expect(TRL.allCases.map(\.level) == Array(1...9))
        #expect(TRL(level: 4)?.label == "technology validated in lab")
        #expect(TRL(level: 9)?.label == "actual system proven in operational environment")
        #expect(TRL(level: 0) == nil)
        #expect(TRL(level: 10) == nil)
        #expect(TRL.proofOfConcept < TRL.validatedInLab)
        #expect(TRL.basicPrinciples.description == "TRL 1: basic principles observed")
    }
}
